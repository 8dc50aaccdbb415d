import type { EntityManager } from '@mikro-orm/postgresql';
import { assertAdministers } from '../access/index.js';
import { fieldChanges, recordChange, viaOf } from '../audit/change-log.js';
import type { Viewer } from '../auth/viewer.js';
import { Council } from '../centres/centre.entity.js';
import { badInput, notFound } from '../common/errors.js';
import { MESSAGE_LANGUAGES, type MessageLanguages } from '../notifications/contact.js';
import type { CouncilMessagingType } from './council-messaging.type.js';

/** The council's own message settings: read and changed by its admins, each change in the change log. */
export class CouncilMessagingService {
  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer,
  ) {
    assertAdministers(viewer);
  }

  async read(): Promise<CouncilMessagingType> {
    const council = await this.em.findOne(Council, { id: this.viewer.councilId });
    if (!council) throw notFound('council');
    return { messageLanguages: council.messageLanguages };
  }

  async setLanguages(languages: MessageLanguages): Promise<CouncilMessagingType> {
    if (!MESSAGE_LANGUAGES.includes(languages))
      throw badInput('Choose the languages.', { field: 'languages' });
    return this.em.transactional(async (tx) => {
      const council = await tx.findOne(Council, { id: this.viewer.councilId });
      if (!council) throw notFound('council');
      const changes = fieldChanges(
        { messageLanguages: council.messageLanguages },
        { messageLanguages: languages },
      );
      if (Object.keys(changes).length > 0) {
        council.messageLanguages = languages;
        recordChange(tx, {
          councilId: council.id,
          recordType: 'council',
          recordId: council.id,
          action: 'updated',
          changedById: this.viewer.userId,
          via: viaOf(this.viewer),
          changes,
        });
        await tx.flush();
      }
      return { messageLanguages: council.messageLanguages };
    });
  }
}
