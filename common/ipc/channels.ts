/**
 * The name of every request channel, declared once and without the schemas: the preload checks a
 * name against this list and stays a few kilobytes, while main validates each call against the
 * schemas of `contract.ts`, which must name exactly these channels (the compiler checks).
 */
export const requestChannels = [
  'app:info',
  'app:ping',
  'app:restart',
  'connections:list',
  'connections:save',
  'connections:remove',
  'connections:check',
  'connections:activate',
  'connections:startDemo',
  'connections:pinCertificate',
  'import:load',
  'import:configure',
  'import:editCells',
  'import:plan',
  'import:start',
  'import:control',
  'import:batches',
  'import:results',
  'import:report',
  'batches:undoPlan',
  'batches:undo',
  'audit:list',
  'audit:export',
  'devices:list',
  'devices:get',
  'devices:revealPassword',
  'devices:save',
  'devices:duplicate',
  'devices:bulk',
  'devices:sync',
  'devices:quickcall',
  'devices:quickcallNumber',
  'devices:registration',
  'devices:export',
  'registrations:watch',
  'registrations:unwatch',
  'registrations:visibility',
  'registrations:report',
  'support:exportBundle',
  'updates:status',
  'updates:restart',
] as const;

export type RequestChannel = (typeof requestChannels)[number];

const channelSet: ReadonlySet<string> = new Set(requestChannels);

export const isRequestChannel = (name: unknown): name is RequestChannel => typeof name === 'string' && channelSet.has(name);
