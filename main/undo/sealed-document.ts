import { SECRET_FIELD_PATHS } from '../../common/document-secrets';
import { valueAt } from '../import/document-paths';
import { isSealed, type Sealer } from '../secrets/sealer';

/**
 * The secrets of a before-image's document this key cannot open (sealed under an earlier run's
 * memory key): the runner leaves them out of the re-create, so the plan says so beforehand.
 */
export const unreadableSecretsOf = (document: Record<string, unknown>, sealer: Sealer): string[] =>
  SECRET_FIELD_PATHS.filter((path) => {
    const value = valueAt(document, path);
    return isSealed(value) && sealer.unseal(value) === undefined;
  });
