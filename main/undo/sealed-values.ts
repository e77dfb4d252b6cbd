import { isSealed, type Sealer } from '../secrets/sealer';

/** A journaled value as it was: a sealed one opened (undefined when this key cannot open it), any other as it is. */
export const openedValue = (value: unknown, sealer: Sealer): unknown => (isSealed(value) ? sealer.unseal(value) : value);
