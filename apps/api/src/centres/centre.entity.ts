import { t } from '@mikro-orm/core';
import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { BankHolidayNation, OpeningHours } from '@kinroom/domain';
import { randomUUID } from 'node:crypto';
import { CouncilOwned } from '../db/base.entity.js';
import type { MessageLanguages } from '../notifications/contact.js';

@Entity({ tableName: 'council' })
export class Council {
  @PrimaryKey({ type: t.uuid })
  id: string = randomUUID();

  @Property({ type: t.text })
  name!: string;

  /** Whether messages to families are written in Welsh alongside English (`cy_en`) or in English only (`en`). */
  @Property({ type: t.text, default: 'en' })
  messageLanguages: MessageLanguages = 'en';

  /** Whose bank holidays the council's centres keep: every rule that skips or counts them asks this (docs/set-up.md). */
  @Property({ type: t.text, default: 'england_and_wales' })
  bankHolidayNation: BankHolidayNation = 'england_and_wales';

  @Property({ type: t.datetime, defaultRaw: 'now()' })
  createdAt: Date = new Date();
}

@Entity({ tableName: 'centre' })
export class Centre extends CouncilOwned {
  @Property({ type: t.text })
  name!: string;

  @Property({ type: t.text })
  address!: string;

  @Property({ type: t.json })
  openingHours!: OpeningHours;

  @Property({ type: t.integer })
  turnoverMinutes: number = 15;

  @Property({ type: t.datetime })
  createdAt: Date = new Date();
}
