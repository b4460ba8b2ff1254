import { LeadDeletedError, LeadOptedOutError } from './crm.errors';
import { Lead } from './lead.aggregate';

const make = () =>
  Lead.create({
    id: '00000000-0000-4000-8000-000000000001',
    userId: '00000000-0000-4000-8000-000000000002',
    workspaceId: '00000000-0000-4000-8000-000000000003',
    name: '  Pat Seller ',
    email: 'Pat@Example.COM',
    phone: '+1 (512) 555-0100',
    tags: ['Probate', 'probate ', 'absentee'],
  });

describe('Lead', () => {
  it('normalizes email, phone and tags on creation and records one fact', () => {
    const lead = make();
    expect(lead.snapshot).toMatchObject({
      name: 'Pat Seller',
      email: 'pat@example.com',
      phone: '+15125550100',
      tags: ['probate', 'absentee'],
      status: 'new',
      optStatus: 'pending',
    });
    expect(lead.uncommittedEvents.map((e) => e.type)).toEqual(['crm.lead.created.v1']);
  });

  it('refuses a blank name, a bad email, a short phone, a score out of range', () => {
    const base = { id: 'x', userId: 'u', workspaceId: 'w' };
    expect(() => Lead.create({ ...base, name: '  ' })).toThrow(/name/);
    expect(() => Lead.create({ ...base, name: 'a', email: 'nope' })).toThrow(/email/);
    expect(() => Lead.create({ ...base, name: 'a', phone: '12-34' })).toThrow(/phone/);
    expect(() => Lead.create({ ...base, name: 'a', score: 101 })).toThrow(/score/);
  });

  it('records only what changed, one fact per kind of change', () => {
    const lead = make();
    lead.markCommitted();
    lead.reviseDetails({ name: 'Pat Seller', company: 'Acme' });
    lead.rescore(80);
    lead.retag(['absentee', 'probate']);
    lead.retag(['absentee', 'probate']);
    lead.moveTo('qualified');
    expect(lead.uncommittedEvents.map((e) => e.type)).toEqual([
      'crm.lead.details-revised.v1',
      'crm.lead.rescored.v1',
      'crm.lead.retagged.v1',
      'crm.lead.status-changed.v1',
    ]);
    expect(lead.uncommittedEvents[0].payload).toEqual({ company: 'Acme' });
  });

  it('refuses outreach to an opted-out lead and any change to a deleted one', () => {
    const lead = make();
    lead.recordOutreach('sms', 'first touch');
    lead.setOptStatus('opted_out');
    expect(() => lead.recordOutreach('email', null)).toThrow(LeadOptedOutError);
    lead.delete();
    expect(lead.snapshot.isDeleted).toBe(true);
    expect(() => lead.rescore(1)).toThrow(LeadDeletedError);
  });
});
