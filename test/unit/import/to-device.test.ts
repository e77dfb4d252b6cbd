import { describe, expect, it } from 'vitest';
import { rowToDevice } from '../../../common/import/to-device';
import { draftOf, fixtureBytes } from './files';

describe('rowToDevice', () => {
  it('builds every field KAZOO stores, in its forms', () => {
    const draft = draftOf(
      [
        'Name,Type,Owner,SIP User,SIP Password,MAC,Ext,Caller ID Name,External Number,External Name,Enabled,Forward To,Brand,Family,Model',
        ' Lobby ,SIP Device,alice@example.com,lobby_1,Secret123,00-15-65-AB-CD-EF,100,Lobby,+15125550100,Acme Dental,No,+1 (512) 555-0199,Yealink,T5X,T54W',
      ].join('\n'),
    );
    expect(draft.issues).toEqual([]);
    expect(rowToDevice((draft.rows[0] as { cells: string[] }).cells, draft.mapping)).toEqual({
      owner: 'alice@example.com',
      document: {
        name: 'Lobby',
        device_type: 'sip_device',
        sip: { username: 'lobby_1', password: 'Secret123' },
        mac_address: '001565abcdef',
        caller_id: { internal: { number: '100', name: 'Lobby' }, external: { number: '+15125550100', name: 'Acme Dental' } },
        enabled: false,
        call_forward: { number: '+15125550199' },
        provision: { endpoint_brand: 'yealink', endpoint_family: 't5x', endpoint_model: 't54w' },
      },
    });
  });

  it('empty cells give no field, and no empty objects', () => {
    const draft = draftOf('name,device_type,sip_username,mac_address,caller_id_external_name,enabled,brand\nBare,,,,,,\n');
    expect(rowToDevice((draft.rows[0] as { cells: string[] }).cells, draft.mapping)).toEqual({ owner: null, document: { name: 'Bare' } });
  });

  it('turns forwarding on for cellphones and landlines', () => {
    const draft = draftOf('name,device_type,call_forward_number\nSven,Cellphone,+15125550199\nHome,landline,5125550123\n');
    expect(draft.rows.map((row) => rowToDevice(row.cells, draft.mapping).document.call_forward)).toEqual([
      { number: '+15125550199', enabled: true },
      { number: '5125550123', enabled: true },
    ]);
  });

  it('leaves out what the rules flag and keeps an unknown type as written', () => {
    const draft = draftOf('name,device_type,mac_address,enabled\nOdd,Desk Phone,zz,maybe\n');
    expect(rowToDevice((draft.rows[0] as { cells: string[] }).cells, draft.mapping).document).toEqual({
      name: 'Odd',
      device_type: 'Desk Phone',
    });
  });

  it('ignores unmapped columns and the extra cells of a long row', () => {
    expect(rowToDevice(['Lobby', 'note', '001565000001', 'extra'], ['name', null, 'mac_address'])).toEqual({
      owner: null,
      document: { name: 'Lobby', mac_address: '001565000001' },
    });
  });

  it('keeps unicode names whole', () => {
    const draft = draftOf(fixtureBytes('unicode-names.csv'));
    expect(draft.issues).toEqual([]);
    expect(draft.rows.map((row) => rowToDevice(row.cells, draft.mapping).document.name)).toEqual([
      '“Smart” Quote Room',
      '会議室 A',
      'Emoji 📞 Desk',
      'مكتب الاستقبال',
    ]);
  });
});
