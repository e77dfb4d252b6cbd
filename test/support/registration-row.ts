import type { RegistrationRow, RegistrationState } from '../../common/registrations';

/** A device's row as main sends it, known to the account and seen by no registration yet unless the state says so. */
export const registrationRow = (deviceId: string, name: string, state: RegistrationState = 'not_registered'): RegistrationRow => ({
  deviceId,
  name,
  state,
  registered: state === 'registered',
  lastSeen: null,
  ip: null,
  userAgent: null,
  expiresSeconds: null,
  expiresAt: null,
  secondsToExpiry: null,
  firstRegistration: null,
  stale: false,
  flapping: false,
  known: true,
  ownerName: null,
  extension: null,
  macAddress: null,
});
