import { type KeyObject, createHash, createPublicKey, sign, verify } from 'node:crypto';

/**
 * A signed checkpoint: "the ledger had `entries` entries and its head link was `head`", at `signedAt`, under the key
 * `keyId`. It is one line of text, printed on public pages and exports, so that whoever keeps one can later prove that
 * the log was cut below it: `casetrail verify --checkpoint '<line>'`.
 */
export interface Checkpoint {
  readonly number: number;
  readonly entries: number;
  readonly head: string;
  readonly signedAt: string;
  readonly keyId: string;
  readonly signature: string;
}

const PREFIX = 'casetrail-checkpoint/1';

/** The text the signature covers: everything on the line before ` sig=`. */
function statementOf(fields: Omit<Checkpoint, 'signature'>): string {
  return `${PREFIX} #${fields.number} entries=${fields.entries} head=${fields.head} at=${fields.signedAt} key=${fields.keyId}`;
}

export function formatCheckpoint(checkpoint: Checkpoint): string {
  return `${statementOf(checkpoint)} sig=${checkpoint.signature}`;
}

const LINE =
  /^casetrail-checkpoint\/1 #(\d+) entries=(\d+) head=([0-9a-f]{64}) at=(\S+) key=([0-9a-f]{16}) sig=([A-Za-z0-9_-]+)$/;

/** Reads a line back; null when it is not a checkpoint line (the signature is checked separately). */
export function parseCheckpoint(line: string): Checkpoint | null {
  const match = LINE.exec(line.trim());
  if (!match) return null;
  const [, number, entries, head, signedAt, keyId, signature] = match as unknown as [string, string, string, string, string, string, string];
  if (Number.isNaN(Date.parse(signedAt))) return null;
  return { number: Number(number), entries: Number(entries), head, signedAt, keyId, signature };
}

/** The first 16 hex digits of the SHA-256 of the public key (DER): which key signed, without printing the key. */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

export function signCheckpoint(privateKey: KeyObject, fields: Omit<Checkpoint, 'signature' | 'keyId'>): Checkpoint {
  const keyId = keyIdOf(createPublicKey(privateKey));
  const statement = statementOf({ ...fields, keyId });
  const signature = sign(null, Buffer.from(statement, 'utf8'), privateKey).toString('base64url');
  return { ...fields, keyId, signature };
}

/** Whether the checkpoint was signed by this key (Ed25519) and says what it was signed saying. */
export function isSignedBy(publicKey: KeyObject, checkpoint: Checkpoint): boolean {
  if (checkpoint.keyId !== keyIdOf(publicKey)) return false;
  try {
    return verify(null, Buffer.from(statementOf(checkpoint), 'utf8'), publicKey, Buffer.from(checkpoint.signature, 'base64url'));
  } catch {
    return false;
  }
}

/** Where anyone finds the public key and every checkpoint, without a token. */
export const CHECKPOINTS_URL = '/api/log/checkpoints';

/** The command that proves, with a kept line, that the log still holds everything the line signed. */
export const verifyCommand = (line: string): string => `casetrail verify --checkpoint '${line}'`;

/** What a public export says of the log it came from: the latest checkpoint, and how to check it later. */
export interface CheckpointNotice {
  /** The latest signed checkpoint line; null before the first one is signed. */
  readonly line: string | null;
  readonly publicKey: typeof CHECKPOINTS_URL;
  readonly howToVerify: string;
}

export function checkpointNotice(checkpoint: Checkpoint | null): CheckpointNotice {
  if (!checkpoint) {
    return {
      line: null,
      publicKey: CHECKPOINTS_URL,
      howToVerify: `No checkpoint of the log has been signed yet: one is signed every interval once events are recorded, and listed at GET ${CHECKPOINTS_URL}.`,
    };
  }
  const line = formatCheckpoint(checkpoint);
  return {
    line,
    publicKey: CHECKPOINTS_URL,
    howToVerify:
      `Keep the line. It is signed with the Ed25519 key published at GET ${CHECKPOINTS_URL}; ` +
      `${verifyCommand(line)} later proves that none of the ${checkpoint.entries} events it covers was deleted.`,
  };
}
