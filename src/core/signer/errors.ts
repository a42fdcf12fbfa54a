/**
 * The signer's error class, apart from the signing code: the VS Code side checks for it at
 * activation (ui/errors.ts) without loading the signer.
 */
import { OssExplorerError } from '../errorBase';

/** Error raised when a link cannot be signed because the STS token has (almost) expired. */
export class TokenExpiredForSigningError extends OssExplorerError {
  constructor(message: string) {
    super(message, 'SecurityTokenExpired');
    this.name = 'TokenExpiredForSigningError';
  }
}
