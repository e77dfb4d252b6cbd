import { describe, expect, it } from 'vitest';
import { applyEdits } from '../../../common/import/load';
import { autoMap } from '../../../common/import/mapping';
import { personOfOwner, sheetPeople } from '../../../common/import/people';
import { draftOf } from './files';

const PEOPLE = 'first_name,last_name,email,username,extension,voicemail,vm_pin,user_password,name,mac_address,owner';

/** A sheet under PEOPLE's header; rows by column name. */
function sheet(rows: Array<Record<string, string>>): string {
  const columns = PEOPLE.split(',');
  return `${PEOPLE}\n${rows.map((cells) => columns.map((column) => cells[column] ?? '').join(',')).join('\n')}\n`;
}

const summary = (text: string) => draftOf(text).issues.map((issue) => `${issue.row}:${issue.column}:${issue.code}:${issue.severity}`);

describe('person rows: the row rules', () => {
  const codes = (cells: Record<string, string>) =>
    summary(sheet([{ first_name: 'Alice', last_name: 'Smith', email: 'alice@example.com', ...cells }]));

  it('a plain person with a phone has no issues', () => {
    expect(
      codes({
        username: 'alice',
        extension: '3101',
        voicemail: 'yes',
        vm_pin: '4821',
        user_password: 'Portal2026!',
        name: 'Alice desk',
        mac_address: '00:15:65:00:00:01',
      }),
    ).toEqual([]);
  });

  it.each([
    [{ email: 'alice@' }, ['0:email:email_invalid:error']],
    [{ email: 'Alice Smith <alice@example.com>' }, ['0:email:email_invalid:error']],
    [{ username: 'alice smith' }, ['0:username:username_invalid:error']],
    [{ username: `a${'x'.repeat(256)}` }, ['0:username:username_too_long:error']],
    [{ username: '+1.alice@site_a-b' }, []],
    [{ extension: '31O1' }, ['0:extension:extension_invalid:error']],
    [{ extension: '5' }, ['0:extension:extension_invalid:error']],
    [{ extension: '5125550100' }, ['0:extension:extension_invalid:error']],
    [{ extension: '1234567' }, []],
    [{ extension: '3101', voicemail: 'maybe' }, ['0:voicemail:voicemail_invalid:error']],
    [{ extension: '3101', voicemail: 'Nein' }, []],
    [{ extension: '3101', vm_pin: '123' }, ['0:vm_pin:vm_pin_invalid:error']],
    [{ extension: '3101', vm_pin: '12a4' }, ['0:vm_pin:vm_pin_invalid:error']],
    [{ extension: '3101', vm_pin: '123456' }, []],
    [{ user_password: 'abc' }, ['0:user_password:user_password_length:error']],
    [{ first_name: 'x'.repeat(129) }, ['0:first_name:first_name_too_long:error']],
  ])('cells %o', (cells, expected) => {
    expect(codes(cells)).toEqual(expected);
  });

  it('says what is wrong and what to do, never repeating a secret', () => {
    const draft = draftOf(sheet([{ first_name: 'A', last_name: 'B', email: 'a@example.com', extension: '5125550100', vm_pin: 'x9' }]));
    expect(draft.issues.find((issue) => issue.code === 'extension_invalid')?.message).toContain(
      'looks like a phone number, not an extension',
    );
    expect(draft.issues.find((issue) => issue.code === 'vm_pin_invalid')?.message).not.toContain('x9');
    const mailbox = draftOf(sheet([{ first_name: 'A', last_name: 'B', email: 'a@example.com', extension: '3101', voicemail: '3101' }]));
    expect(mailbox.issues[0]?.message).toContain('looks like a mailbox number');
  });

  it("a person's phone needs no device name: it is named after them", () => {
    expect(summary(sheet([{ first_name: 'A', last_name: 'B', email: 'a@example.com', extension: '3101' }]))).toEqual([]);
    expect(summary(sheet([{ first_name: 'A', last_name: 'B', email: 'a@example.com', mac_address: '00:15:65:00:00:01' }]))).toEqual([]);
    expect(summary(sheet([{ mac_address: '00:15:65:00:00:01' }]))).toEqual(['0:name:name_required:error']);
  });

  it('a name without an email or username is no person; a person column on a row with none is an error', () => {
    expect(summary(sheet([{ first_name: 'Alice', extension: '3101' }]))).toEqual(['0:first_name:person_email_missing:error']);
    expect(summary(sheet([{ name: 'Lobby', vm_pin: '1234', voicemail: 'yes' }]))).toEqual([
      '0:voicemail:person_missing:error',
      '0:vm_pin:person_missing:error',
    ]);
  });

  it('a phone on its own keeps the extension as its caller ID: any text up to 35 characters', () => {
    expect(summary(sheet([{ name: 'Lobby', extension: 'Front 1' }]))).toEqual([]);
  });

  it('a sheet of people needs no device name column, but a phone on its own there has no name', () => {
    const draft = draftOf(
      'first_name,last_name,password,email,extension,mac\nAlice,Smith,Portal2026!,alice@example.com,3101,\n,,,,,00:15:65:00:00:01\n',
    );
    expect(draft.issues.map((issue) => `${issue.row}:${issue.column}:${issue.sourceColumn}:${issue.code}`)).toEqual([
      '1:name:null:name_required',
    ]);
  });
});

describe('sheetPeople', () => {
  it('groups rows by email without case, else by username, and reads each value from the first row that gives it', () => {
    const text = sheet([
      { first_name: 'Alice', last_name: 'Smith', email: 'Alice@Example.com', extension: '3101', name: 'Alice desk' },
      { name: 'Lobby' },
      { email: 'alice@example.com', username: 'asmith', name: 'Alice cordless' },
      { first_name: 'Bob', last_name: 'Brown', username: 'bob', extension: '3102', voicemail: 'no' },
      { username: 'ASMITH', vm_pin: '4821' },
      { username: 'bob', name: 'Bob desk' },
    ]);
    const draft = draftOf(text);
    expect(draft.issues).toEqual([]);
    const { people, personOfRow } = sheetPeople(draft.rows, draft.mapping);
    expect(personOfRow).toEqual([0, null, 0, 1, 0, 1]);
    expect(people).toEqual([
      {
        key: 'person:alice@example.com',
        rows: [0, 2, 4],
        firstName: 'Alice',
        lastName: 'Smith',
        email: 'Alice@Example.com',
        username: 'asmith',
        extension: '3101',
        voicemail: true,
        vmPin: '4821',
        userPassword: null,
        sourceRows: { first_name: 0, last_name: 0, email: 0, extension: 0, username: 2, vm_pin: 4 },
      },
      {
        key: 'person:bob',
        rows: [3, 5],
        firstName: 'Bob',
        lastName: 'Brown',
        email: null,
        username: 'bob',
        extension: '3102',
        voicemail: false,
        vmPin: null,
        userPassword: null,
        sourceRows: { first_name: 3, last_name: 3, username: 3, extension: 3, voicemail: 3 },
      },
    ]);
  });

  it('a later row that contradicts the first is an error on its cell naming that row; secrets are not repeated', () => {
    const draft = draftOf(
      sheet([
        { first_name: 'Alice', last_name: 'Smith', email: 'alice@example.com', extension: '3101', vm_pin: '4821' },
        { first_name: 'alice', email: 'ALICE@example.com', extension: '3109', vm_pin: '9999' },
      ]),
    );
    expect(draft.issues.map((issue) => `${issue.row}:${issue.column}:${issue.code}`)).toEqual([
      '1:extension:person_contradiction',
      '1:vm_pin:person_contradiction',
    ]);
    expect(draft.issues[0]?.message).toBe(
      'This row gives extension "3109", but row 2 gives "3101" for the same person (alice@example.com). A person has one extension: make the rows agree, or leave this cell empty.',
    );
    expect(draft.issues[1]?.message).not.toMatch(/4821|9999/);
  });

  it('two people with voicemail whose extensions are one mailbox number to KAZOO ("0101" and "101") are an error on both', () => {
    const draft = draftOf(
      sheet([
        { first_name: 'Alice', last_name: 'Smith', email: 'alice@example.com', extension: '0101' },
        { first_name: 'Bob', last_name: 'Brown', email: 'bob@example.com', extension: '101' },
        { first_name: 'Carl', last_name: 'Cole', email: 'carl@example.com', extension: '00101', voicemail: 'no' },
      ]),
    );
    expect(draft.issues.map((issue) => `${issue.row}:${issue.column}:${issue.code}`)).toEqual([
      '0:extension:mailbox_in_file',
      '1:extension:mailbox_in_file',
    ]);
    expect(draft.issues[0]?.message).toBe(
      `Extension 0101 is voicemail box 101 to the PBX, which is also Bob Brown's (extension 101, row 3). Each person's box needs its own number: change one of the extensions, or write "no" under voicemail for one of them.`,
    );
  });

  it('two people with one extension, or one username, are an error on both cells', () => {
    const draft = draftOf(
      sheet([
        { first_name: 'Alice', last_name: 'Smith', email: 'alice@example.com', extension: '3101' },
        { first_name: 'Bob', last_name: 'Brown', email: 'bob@example.com', username: 'alice@example.com', extension: '3101' },
      ]),
    );
    expect(draft.issues.map((issue) => `${issue.row}:${issue.column}:${issue.code}`)).toEqual([
      '0:extension:extension_in_file',
      '0:email:username_in_file',
      '1:extension:extension_in_file',
      '1:username:username_in_file',
    ]);
    expect(draft.issues[0]?.message).toBe(
      "Extension 3101 is also Bob Brown's (row 3). Each person needs their own extension: change one of them.",
    );
    expect(draft.issues[1]?.message).toContain("Username alice@example.com (the email, used as the username) is also Bob Brown's (row 3)");
  });

  it('names at most five of the people sharing a value, so a sheet that gives everyone one extension stays linear', () => {
    const rows = Array.from({ length: 2000 }, (_, i) => ({
      first_name: `P${i}`,
      last_name: 'X',
      email: `p${i}@example.com`,
      extension: '3100',
    }));
    const draft = draftOf(sheet(rows));
    expect(draft.issues).toHaveLength(2000);
    expect(draft.issues[1000]?.message).toBe(
      "Extension 3100 is also P0 X's (row 2), P1 X's (row 3), P2 X's (row 4), P3 X's (row 5), P4 X's (row 6) and 1994 more people's. Each person needs their own extension: change one of them.",
    );
  });

  it('voicemail needs an extension; without one and without a yes it is simply no box', () => {
    const draft = draftOf(
      sheet([
        { first_name: 'A', last_name: 'B', email: 'a@example.com', voicemail: 'yes' },
        { first_name: 'C', last_name: 'D', email: 'c@example.com' },
      ]),
    );
    expect(draft.issues.map((issue) => `${issue.row}:${issue.column}:${issue.code}`)).toEqual(['0:voicemail:voicemail_without_extension']);
    expect(sheetPeople(draft.rows, draft.mapping).people.map((person) => person.voicemail)).toEqual([false, false]);
  });

  it('an edit on one row clears the issue it caused on another', () => {
    const draft = draftOf(
      sheet([
        { first_name: 'Alice', last_name: 'Smith', email: 'alice@example.com', extension: '3101' },
        { first_name: 'Bob', last_name: 'Brown', email: 'bob@example.com', extension: '3101' },
      ]),
    );
    expect(draft.issues).toHaveLength(2);
    const edited = applyEdits(draft, [{ row: 1, sourceColumn: PEOPLE.split(',').indexOf('extension'), value: '3102' }]);
    expect(edited.ok && edited.value.draft.issues).toEqual([]);
  });

  it("an owner on a person's row other than the person is not used, and says so", () => {
    const draft = draftOf(
      sheet([
        { first_name: 'Alice', last_name: 'Smith', email: 'alice@example.com', name: 'Desk', owner: 'Alice Smith' },
        { email: 'alice@example.com', name: 'Cordless', owner: 'bob@example.com' },
      ]),
    );
    expect(draft.issues.map((issue) => `${issue.row}:${issue.column}:${issue.code}:${issue.severity}`)).toEqual([
      '1:owner:owner_beside_person:warning',
    ]);
  });

  it('finds the person an owner cell names by email, username or "First Last"', () => {
    const draft = draftOf(sheet([{ first_name: 'Alice', last_name: 'Smith', email: 'alice@example.com', username: 'asmith' }]));
    const { people } = sheetPeople(draft.rows, draft.mapping);
    expect(['ALICE@example.com', 'asmith', ' alice smith ', 'bob'].map((owner) => personOfOwner(people, owner))).toEqual([0, 0, 0, null]);
  });
});

describe('mapping a sheet of people', () => {
  it("takes the onboarding sheet's headers, and its bare password as the user's", () => {
    expect(
      autoMap([
        'first_name',
        'last_name',
        'password',
        'email_address',
        'extension_number',
        'include_voicemail',
        'device_name',
        'mac_address',
      ]).mapping,
    ).toEqual(['first_name', 'last_name', 'user_password', 'email', 'extension', 'voicemail', 'name', 'mac_address']);
    // In a sheet of phones a bare password is the SIP password, as before; beside "User Password" too.
    expect(autoMap(['name', 'password']).mapping).toEqual(['name', 'sip_password']);
    expect(autoMap(['email', 'User Password', 'Password']).mapping).toEqual(['email', 'user_password', 'sip_password']);
  });
});
