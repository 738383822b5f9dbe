import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../../shared/config/config.module.js';
import type { AppConfig } from '../../shared/config/config.js';
import { loadKeyRing } from './key-encryption-keys.js';
import type { KeyRing, StoredKey, SubjectKeyCustody } from './key-wrapping.js';

/**
 * The app's KEKs (PERSONAL_DATA_KEK_FILE, PERSONAL_DATA_KEK_PREVIOUS_FILE), loaded and checked against the database
 * at module initialisation, before anything reads an event: a key wrapped under a KEK that is not configured stops
 * the start with a message naming it and what to set (docs/retention.md).
 */
@Injectable()
export class PersonalDataKeys implements SubjectKeyCustody, OnModuleInit {
  private readonly logger = new Logger(PersonalDataKeys.name);
  private ring: KeyRing | null = null;

  constructor(
    private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    const { ring, counts } = await loadKeyRing(this.db, { current: this.config.personalDataKekFile, previous: this.config.personalDataKekPreviousFile });
    const plain = counts.get(null) ?? 0;
    if (plain > 0) this.logger.warn({ keys: plain }, 'personal-data keys stored unwrapped (from before wrapping): run casetrail personal-data rewrap');
    const previous = ring.ids.filter((id) => id !== ring.current.id).reduce((sum, id) => sum + (counts.get(id) ?? 0), 0);
    if (previous > 0) this.logger.warn({ keys: previous, kek: ring.current.id }, 'personal-data keys under the previous KEK: run casetrail personal-data rewrap');
    this.ring = ring;
  }

  wrap(subject: string, key: Buffer): { wrappedKey: Buffer; kekId: string } {
    return this.loaded().wrap(subject, key);
  }

  open(row: StoredKey): Buffer | null {
    return this.loaded().open(row);
  }

  private loaded(): KeyRing {
    if (!this.ring) throw new Error('the personal-data key-encryption keys are not loaded yet (module initialisation loads them)');
    return this.ring;
  }
}
