/**
 * The one way the rollout writes documents, against the sandbox over HTTP: a create whose answer
 * is lost is sent again and meets the document itself (each kind answers in its own words: a
 * username, mailbox or number that is "already taken", or a 409), and a GET of its own id counts
 * it as made, never twice.
 */
import { describe, expect, it } from 'vitest';
import { createDocument, deleteDocument, patchDocument, type DocumentCollection } from '../../../main/api/documents';
import { newDocumentId } from '../../../main/api/devices';
import { callflowDocument, person, userDocument, vmboxDocument } from '../../support/people-spec';
import { client, sandbox } from '../import/run/helpers';
import { documentOf } from '../../support/batch-spec';

const p = person(1);
const { username: _username, password: _password, ...userWithoutLogin } = userDocument(p);
const cases: Array<{ kind: string; collection: DocumentCollection; document: Record<string, unknown>; repeatAnswers: number }> = [
  { kind: 'user (username.unique)', collection: 'users', document: userDocument(p), repeatAnswers: 400 },
  { kind: 'user without a username (409)', collection: 'users', document: userWithoutLogin, repeatAnswers: 409 },
  { kind: 'voicemail box (mailbox.unique, no cause)', collection: 'vmboxes', document: vmboxDocument(p), repeatAnswers: 400 },
  {
    kind: 'device (mac_address.unique)',
    collection: 'devices',
    document: { ...documentOf(p.phones[0]!), owner_id: p.ids.user },
    repeatAnswers: 400,
  },
  { kind: 'callflow (numbers.unique)', collection: 'callflows', document: callflowDocument(p, true), repeatAnswers: 400 },
];

describe('documents: create under a client id, verified after a lost answer', () => {
  it.each(cases)('$kind: a lost answer is verified by id and counts once', async ({ collection, document, repeatAnswers }) => {
    const sb = await sandbox();
    const api = client(sb);
    expect((await api.authenticate()).ok).toBe(true);
    const id = newDocumentId();
    const stored = () =>
      ({ users: sb.state.users(), vmboxes: sb.state.vmboxes(), devices: sb.state.devices(), callflows: sb.state.callflows() })[collection];
    const countBefore = stored().length;
    const statusBefore = sb.state.stats().byStatus[repeatAnswers] ?? 0;
    // The server makes the document, then the connection drops before its answer arrives.
    sb.injectFault('lost', 1);
    const created = await createDocument(api, collection, { ...document, id });

    expect(created).toMatchObject({ ok: true, value: { existed: true, document: { id } } });
    expect(sb.state.stats().faults.lost).toBe(1);
    expect((sb.state.stats().byStatus[repeatAnswers] ?? 0) - statusBefore).toBe(1);
    expect(stored().filter((doc) => doc._id === id)).toHaveLength(1);
    expect(stored()).toHaveLength(countBefore + 1);
  });

  it('a clash with someone else\'s document is an error, not "already made"', async () => {
    const sb = await sandbox();
    const api = client(sb);
    expect((await createDocument(api, 'vmboxes', { ...vmboxDocument(p), id: newDocumentId() })).ok).toBe(true);
    const again = await createDocument(api, 'vmboxes', { ...vmboxDocument(p), id: newDocumentId() });
    expect(again).toMatchObject({ ok: false, error: { kind: 'validation', fields: [{ path: 'mailbox', code: 'unique' }] } });
  });

  it('a repeat whose GET of its own id fails (a 503) answers that failure, so the sender tries again, never a validation error', async () => {
    const sb = await sandbox({ seed: 3 });
    const api = client(sb, { retry: { retries: 0, baseDelayMs: 1, maxDelayMs: 1 } });
    const id = newDocumentId();
    expect((await createDocument(api, 'users', { ...userDocument(p), id })).ok).toBe(true);
    // With seed 3 the repeated PUT goes through (400 unique) and the GET that decides meets a 503.
    sb.configure({ faults: { unavailable: 0.5, reset: 0, lost: 0 } });
    const repeated = await createDocument(api, 'users', { ...userDocument(p), id });
    sb.configure({ faults: { unavailable: 0, reset: 0, lost: 0 } });

    expect(sb.state.stats().byStatus[400]).toBe(1);
    expect(repeated).toMatchObject({ ok: false, error: { kind: 'server' } });
  });

  it('users are created without the welcome e-mail unless asked; PATCH changes fields; DELETE of a gone document is done', async () => {
    const sb = await sandbox();
    const api = client(sb);
    const silent = await createDocument(api, 'users', { ...userDocument(p), id: p.ids.user }, { sendEmailOnCreation: false });
    const other = person(2);
    const welcomed = await createDocument(api, 'users', { ...userDocument(other), id: other.ids.user }, { sendEmailOnCreation: true });
    expect(silent.ok && welcomed.ok).toBe(true);
    expect(sb.state.welcomeEmails().map((email) => email.userId)).toEqual([other.ids.user]);

    expect(await patchDocument(api, 'users', p.ids.user, { presence_id: '3999' })).toMatchObject({
      ok: true,
      value: { document: { presence_id: '3999' }, revision: expect.stringMatching(/^\d+-/) },
    });
    expect(await deleteDocument(api, 'users', p.ids.user)).toEqual({ ok: true, value: { id: p.ids.user, alreadyGone: false } });
    expect(await deleteDocument(api, 'users', p.ids.user)).toEqual({ ok: true, value: { id: p.ids.user, alreadyGone: true } });
  });
});
