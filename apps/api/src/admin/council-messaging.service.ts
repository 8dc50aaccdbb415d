import type { EntityManager } from '@mikro-orm/postgresql';
import { assertAdministers } from '../access/index.js';
import type { Viewer } from '../auth/viewer.js';
import { badInput } from '../common/errors.js';
import { MESSAGE_LANGUAGES, type MessageLanguages } from '../notifications/contact.js';
import type { CouncilMessagingType } from './council-messaging.type.js';
import { setCouncilSetting, viewersCouncil } from './council-setting.js';

/** The council's own message settings: read and changed by its admins, each change in the change log. */
export class CouncilMessagingService {
  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer,
  ) {
    assertAdministers(viewer);
  }

  async read(): Promise<CouncilMessagingType> {
    return { messageLanguages: (await viewersCouncil(this.em, this.viewer)).messageLanguages };
  }

  async setLanguages(languages: MessageLanguages): Promise<CouncilMessagingType> {
    if (!MESSAGE_LANGUAGES.includes(languages))
      throw badInput('Choose the languages.', { field: 'languages' });
    const council = await setCouncilSetting(this.em, this.viewer, 'messageLanguages', languages);
    return { messageLanguages: council.messageLanguages };
  }
}
