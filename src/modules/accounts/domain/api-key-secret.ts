import { InvalidApiKeyError } from './accounts.errors';

const PRINTABLE_NO_SPACE = /^[\x21-\x7e]+$/;
export const API_KEY_MIN_LENGTH = 8;
export const API_KEY_MAX_LENGTH = 512;
const REDACTED = '[redacted]';

/**
 * A plaintext third-party key on its way into (or out of) the vault. The value sits in a
 * private field and every serialisation path answers a marker, so a command or error that
 * gets logged or put in an event by mistake cannot carry the key along.
 */
export class ApiKeySecret {
  readonly #value: string;

  private constructor(value: string) {
    this.#value = value;
  }

  static of(value: string): ApiKeySecret {
    if (typeof value !== 'string') throw new InvalidApiKeyError('must be a string');
    if (value.length < API_KEY_MIN_LENGTH || value.length > API_KEY_MAX_LENGTH) {
      throw new InvalidApiKeyError(
        `must be ${API_KEY_MIN_LENGTH}–${API_KEY_MAX_LENGTH} characters long`,
      );
    }
    if (!PRINTABLE_NO_SPACE.test(value))
      throw new InvalidApiKeyError('must be printable ASCII without spaces');
    return new ApiKeySecret(value);
  }

  /**
   * The only part of a key ever shown again. Keys are at least 8 characters, so this never
   * gives away more than half of one.
   */
  get lastFour(): string {
    return this.#value.slice(-4);
  }

  /** The plaintext, for the cipher and for provider adapters on the server; never for a response. */
  reveal(): string {
    return this.#value;
  }

  toJSON(): string {
    return REDACTED;
  }

  toString(): string {
    return REDACTED;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `ApiKeySecret(${REDACTED})`;
  }
}
