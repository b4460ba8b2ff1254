import { Contact } from './contact.aggregate';

const create = () => {
  const contact = Contact.create({
    id: 'c1',
    tenantId: 't1',
    email: 'Dana@Example.com',
    phone: '+14155550100',
    firstName: 'Dana',
  });
  contact.markCommitted();
  return contact;
};

describe('Contact', () => {
  it('records only the changed fields, new in the payload and old in previous', () => {
    const contact = create();
    contact.change({ email: 'DANA@example.com', phone: '+442071838750', lastName: 'Reyes' });
    const [event] = contact.uncommittedEvents;
    expect(event.type).toBe('attendance.contact.changed.v1');
    expect(event.payload).toEqual({ phone: '+442071838750', lastName: 'Reyes' });
    expect(event.previous).toEqual({ phone: '+14155550100', lastName: null });
    expect(contact.snapshot).toMatchObject({ email: 'dana@example.com', lastName: 'Reyes' });
  });

  it('clears with null and treats blank text as null', () => {
    const contact = create();
    contact.change({ phone: null, firstName: '   ' });
    expect(contact.uncommittedEvents[0].payload).toEqual({ phone: null, firstName: null });
    contact.markCommitted();
    contact.change({ phone: null, firstName: null });
    expect(contact.uncommittedEvents).toEqual([]);
  });

  it('refuses a bad email or phone, changing nothing', () => {
    const contact = create();
    for (const changes of [{ email: 'nope' }, { phone: '555-0100' }, { phone: '+0123' }])
      expect(() => contact.change(changes)).toThrow(
        expect.objectContaining({ code: 'ATTENDANCE.INVALID_FIELD' }),
      );
    expect(contact.uncommittedEvents).toEqual([]);
    expect(contact.snapshot.phone).toBe('+14155550100');
  });
});
