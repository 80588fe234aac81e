import type { StoredDocument } from './documents';
import { defineCollection, DocumentStore, storeOpener } from './DocumentStore';
import type { SmsOptOut, SmsOptOutStore } from './smsPorts';

type OptOutDocument = StoredDocument & Omit<SmsOptOut, 'phoneHash'>;

const COLLECTION = defineCollection<OptOutDocument>({ name: 'sms_opt_outs' });

/** One record per phone number (by keyed hash): whether it has opted out of texts, and why. */
export class DocumentSmsOptOutStore extends DocumentStore<OptOutDocument> implements SmsOptOutStore {
  static readonly open = storeOpener(COLLECTION, (docs) => new DocumentSmsOptOutStore(docs));

  async optOut(phoneHash: string, reason: string, at: Date): Promise<void> {
    await this.docs.upsertOne({ _id: phoneHash }, { $set: { optedOut: true, reason, updatedAt: at } });
  }

  async optIn(phoneHash: string, reason: string, at: Date): Promise<void> {
    await this.docs.upsertOne({ _id: phoneHash }, { $set: { optedOut: false, reason, updatedAt: at } });
  }

  async isOptedOut(phoneHash: string): Promise<boolean> {
    return (await this.docs.findOne({ _id: phoneHash }))?.optedOut === true;
  }

  async get(phoneHash: string): Promise<SmsOptOut | null> {
    const doc = await this.docs.findOne({ _id: phoneHash });
    if (!doc) return null;
    const { _id, ...rest } = doc;
    return { ...rest, phoneHash: _id };
  }
}
