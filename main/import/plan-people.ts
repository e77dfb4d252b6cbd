import type { PersonColumn } from '../../common/import/columns';
import { mailboxNumber } from '../../common/import/mailbox';
import { personWords, type SheetPerson } from '../../common/import/people';
import type { OnExisting, PlanChange } from '../../common/import/types';
import type { Callflow } from '../api/callflows';
import type { UserSummary } from '../api/users';
import type { VmboxSummary } from '../api/vmboxes';
import { ownerOf } from '../devices/owners';
import type { UserIndex } from './account-check';
import type { Step } from './operations';
import { existingPersonOf } from './person-check';
import { callflowDocument, userDocument, vmboxDocument } from './person-documents';

/** A step the plan chose, with each field an update changes old → new, as the plan shows it. */
export interface PlannedStep {
  step: Step;
  shown: PlanChange[];
}

export interface PersonContext {
  /** The account's users by username and email, to tell who a person already is. */
  userIndex: UserIndex;
  vmboxes: readonly VmboxSummary[];
  callflows: readonly Callflow[];
  onExistingPerson: OnExisting;
  newId(): string;
  generateUserPassword(): string;
  /** A voicemail PIN that is not trivial and not the mailbox. */
  generateVoicemailPin(mailbox: string): string;
}

/** The person's user, voicemail box and extension as the plan decided them; the user's id is known before anything is sent. */
export interface PersonPlan {
  userId: string;
  /** "First Last", from the sheet, else as the account has the user. */
  name: string;
  /** The username the user has or gets (lowercased, as KAZOO stores it). */
  username: string | null;
  user: PlannedStep;
  vmbox: PlannedStep | null;
  callflow: PlannedStep | null;
}

export type PersonDecision = { ok: true; plan: PersonPlan } | { ok: false; reason: string; column: PersonColumn | null; code: string };

const lower = (text: string | null | undefined): string | null => (text ? text.toLowerCase() : null);

/**
 * What the rollout does for one person's user, voicemail box and extension (callflow). A new person
 * gets all three (the box when voicemail is wanted, box and callflow only with an extension). A
 * person already on the account is left as they are, or, with `update`, given the fields the sheet
 * fills in that differ; a box or callflow of theirs already on the extension is left.
 */
export function planPerson(person: SheetPerson, rows: number[], context: PersonContext): PersonDecision {
  // Who they are was shown at load already; the account is read again for the plan, and may have changed since.
  const existing = existingPersonOf(person, context.userIndex);
  const problem = existing.problems[0];
  if (problem) return { ok: false, reason: problem.message, column: problem.column, code: problem.code };
  const user = existing.user;
  const extension = person.extension;
  const name = user && !person.firstName && !person.lastName ? ownerOf(user).name : personWords(person);
  const current = user ? presenceOf(user) : null;
  const keptExtension =
    context.onExistingPerson === 'skip' && current !== null && extension !== null && current !== extension ? current : null;

  let userStep: PlannedStep;
  let userId: string;
  let username: string | null;
  if (user) {
    userId = user.id;
    username = lower(person.username) ?? lower(user.username);
    userStep =
      context.onExistingPerson === 'update'
        ? updateUser(person, user, rows, name)
        : current === null && extension !== null
          ? fillExtension(user, extension, rows, name)
          : leaveUser(
              user,
              rows,
              name,
              `Already on the PBX as ${ownerOf(user).name}${
                keptExtension === null
                  ? ''
                  : ` with extension ${keptExtension}; the sheet's ${extension} is left: choose Update for people already there to move them`
              }.`,
            );
  } else {
    const missing = (['first_name', 'last_name'] as const).find(
      (column) => !(column === 'first_name' ? person.firstName : person.lastName),
    );
    if (missing) {
      return {
        ok: false,
        reason: `${personWords(person)} is not on the PBX yet, and a new user needs a first and a last name. Fill in ${missing}.`,
        column: missing,
        code: 'person_name_missing',
      };
    }
    userId = context.newId();
    // Audian's CSV onboarding logs people in with their email.
    username = lower(person.username ?? person.email);
    userStep = {
      step: {
        resource: 'user',
        rows,
        label: name,
        action: 'create',
        id: userId,
        document: userDocument({
          id: userId,
          firstName: person.firstName ?? '',
          lastName: person.lastName ?? '',
          username,
          password: username === null ? null : (person.userPassword ?? context.generateUserPassword()),
          email: person.email,
          extension,
        }),
      },
      shown: [],
    };
  }

  if (extension === null) return { ok: true, plan: { userId, name, username, user: userStep, vmbox: null, callflow: null } };
  // Skipping leaves the person as they are, extension included: a second extension beside theirs would be a surprise.
  if (keptExtension !== null) return { ok: true, plan: { userId, name, username, user: userStep, vmbox: null, callflow: null } };
  const vmbox = person.voicemail ? planVmbox(person, extension, user, userId, rows, name, context) : null;
  const callflow = planCallflow(extension, user, userId, vmbox?.step, rows, name, context);
  return { ok: true, plan: { userId, name, username, user: userStep, vmbox, callflow } };
}

/** KAZOO compares mailboxes as numbers: "0105" is box 105. */
function sameMailbox(a: string, b: string): boolean {
  const number = mailboxNumber(a);
  return a === b || (number !== null && number === mailboxNumber(b));
}

const presenceOf = (user: UserSummary): string | null => user.presenceId?.split('@')[0] ?? null;

/** The user left as it is on the PBX, and why. */
function leaveUser(user: UserSummary, rows: number[], name: string, reason: string): PlannedStep {
  return { step: { resource: 'user', rows, label: name, action: 'skip', id: user.id, reason }, shown: [] };
}

/**
 * Skipping a person whose user has no presence ID still gives them the sheet's extension: their
 * new box and callflow answer on it, and without it their phones show no extension (BLF, internal
 * caller ID). Only those blanks are filled; nothing the user has is changed.
 */
function fillExtension(user: UserSummary, extension: string, rows: number[], name: string): PlannedStep {
  return {
    step: {
      resource: 'user',
      rows,
      label: name,
      action: 'update',
      id: user.id,
      changes: { presence_id: extension, caller_id: { internal: { number: extension } } },
      changedColumns: ['extension'],
    },
    shown: [{ column: 'extension', before: '', after: extension }],
  };
}

/** Only the fields the sheet fills in, where they differ (a username the sheet gives is the user's already: it is how they were found). */
function updateUser(person: SheetPerson, user: UserSummary, rows: number[], name: string): PlannedStep {
  const changes: Record<string, unknown> = {};
  const shown: PlanChange[] = [];
  const change = (column: PersonColumn, before: string | null, after: string, body: Record<string, unknown>) => {
    Object.assign(changes, body);
    shown.push({ column, before, after });
  };
  if (person.firstName && person.firstName !== user.firstName)
    change('first_name', user.firstName, person.firstName, { first_name: person.firstName });
  if (person.lastName && person.lastName !== user.lastName)
    change('last_name', user.lastName, person.lastName, { last_name: person.lastName });
  if (person.email && lower(person.email) !== lower(user.email)) change('email', user.email, person.email, { email: person.email });
  const presence = presenceOf(user);
  if (person.extension && person.extension !== presence) {
    change('extension', presence, person.extension, {
      presence_id: person.extension,
      caller_id: { internal: { number: person.extension } },
    });
  }
  if (shown.length === 0) return leaveUser(user, rows, name, `Already identical on the PBX (${ownerOf(user).name}).`);
  return {
    step: {
      resource: 'user',
      rows,
      label: name,
      action: 'update',
      id: user.id,
      changes,
      changedColumns: shown.map((item) => item.column),
    },
    shown,
  };
}

/**
 * The person's box on the extension: theirs already there is left; with `update`, their box on the
 * extension they are leaving moves with them (as SmartPBX does); else a new one.
 */
function planVmbox(
  person: SheetPerson,
  extension: string,
  user: UserSummary | null,
  userId: string,
  rows: number[],
  name: string,
  context: PersonContext,
): PlannedStep {
  const own = user ? context.vmboxes.filter((box) => box.ownerId === user.id) : [];
  const same = own.find((box) => sameMailbox(box.mailbox, extension));
  if (same) {
    return {
      step: { resource: 'vmbox', rows, label: same.name, action: 'skip', id: same.id, reason: `Already on the PBX: mailbox ${extension}.` },
      shown: [],
    };
  }
  const previous = user ? presenceOf(user) : null;
  const moving = context.onExistingPerson === 'update' && previous ? own.find((box) => sameMailbox(box.mailbox, previous)) : undefined;
  if (moving) {
    return {
      step: {
        resource: 'vmbox',
        rows,
        label: moving.name,
        action: 'update',
        id: moving.id,
        changes: { mailbox: extension },
        changedColumns: ['extension'],
      },
      shown: [{ column: 'extension', before: moving.mailbox, after: extension }],
    };
  }
  const id = context.newId();
  const document = vmboxDocument({
    id,
    mailbox: extension,
    owner: name,
    ownerId: userId,
    pin: person.vmPin ?? context.generateVoicemailPin(extension),
  });
  return { step: { resource: 'vmbox', rows, label: String(document['name']), action: 'create', id, document }, shown: [] };
}

/**
 * The callflow that rings the person on the extension: one of theirs already holding it is left;
 * with `update`, theirs on the extension they are leaving moves with them, as their box does.
 */
function planCallflow(
  extension: string,
  user: UserSummary | null,
  userId: string,
  vmbox: Step | undefined,
  rows: number[],
  name: string,
  context: PersonContext,
): PlannedStep {
  const label = `extension ${extension}`;
  const existing = context.callflows.find((callflow) => callflow.ownerId === userId && callflow.numbers.includes(extension));
  if (existing) {
    return {
      step: { resource: 'callflow', rows, label, action: 'skip', id: existing.id, reason: `Extension ${extension} already rings ${name}.` },
      shown: [],
    };
  }
  const previous = user ? presenceOf(user) : null;
  const moving =
    context.onExistingPerson === 'update' && previous
      ? context.callflows.find((callflow) => callflow.ownerId === userId && callflow.numbers.includes(previous))
      : undefined;
  if (moving && previous) {
    const numbers = moving.numbers.map((number) => (number === previous ? extension : number));
    return {
      step: { resource: 'callflow', rows, label, action: 'update', id: moving.id, changes: { numbers }, changedColumns: ['extension'] },
      shown: [{ column: 'extension', before: previous, after: extension }],
    };
  }
  const id = context.newId();
  const vmboxId = vmbox && vmbox.action !== 'error' ? vmbox.id : null;
  return {
    step: {
      resource: 'callflow',
      rows,
      label,
      action: 'create',
      id,
      document: callflowDocument({ id, owner: name, extension, userId, vmboxId }),
    },
    shown: [],
  };
}
