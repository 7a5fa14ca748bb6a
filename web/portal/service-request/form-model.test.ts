import { describe, expect, it } from 'vitest';
import { emptyDraft, normaliseTracking, toInput, validateDraft, type Draft } from './form-model.ts';

const filled = (over: Partial<Draft> = {}): Draft => ({
  ...emptyDraft(),
  unitCode: '0300400004', name: 'นายโชคดี แสนรัมย์', nationalId: '1-1014-00123-45-1', email: 'Goodluck@Example.go.th',
  mobile: '081-123-4567', division: 'กองระบบการคลังภาครัฐ', department: 'กรมบัญชีกลาง', ministry: 'การคลัง',
  username: 'a03004000041001', purpose: 'reset_password', ...over,
});

describe('the service-request form in the browser', () => {
  it('should find nothing wrong when every part is filled as the manual shows', () => {
    expect(validateDraft(filled())).toEqual({});
  });

  it('should name each wrong field with the server codes when the form is empty or mistyped', () => {
    expect(Object.keys(validateDraft(emptyDraft())).sort()).toEqual([
      'purpose', 'requester.department', 'requester.division', 'requester.email', 'requester.ministry', 'requester.mobile',
      'requester.name', 'requester.nationalId', 'unitCode', 'username',
    ]);
    const errors = validateDraft(filled({ nationalId: '1101400123452', mobile: '12345', username: 'A03002000001001', email: 'x@' }));
    expect(errors['requester.nationalId']?.code).toBe('national_id_checksum');
    expect(errors['requester.mobile']?.code).toBe('mobile_format');
    expect(errors.username?.code).toBe('username_not_in_unit');
    expect(errors['requester.email']?.code).toBe('email_format');
    expect(validateDraft(filled({ username: 'A0300400004100' })).username?.code).toBe('username_format');
  });

  it('should ask for the purpose’s own answers only when that purpose is chosen', () => {
    expect(Object.keys(validateDraft(filled({ purpose: 'other' })))).toEqual(['otherText']);
    expect(Object.keys(validateDraft(filled({ purpose: 'change_holder' }))).sort()).toEqual(['holderReason', 'newHolderEmail']);
    expect(Object.keys(validateDraft(filled({ purpose: 'change_holder', holderReason: 'other', newHolderEmail: 'n@example.go.th' })))).toEqual(['holderReasonText']);
    expect(validateDraft(filled({ purpose: 'change_email', newEmail: 'goodluck@example.go.th' })).newEmail?.code).toBe('same_email');
    expect(validateDraft(filled({ otherText: 'left over' }))).toEqual({});
  });

  it('should send normalised values and leave out answers of other purposes', () => {
    const input = toInput(filled({ otherText: 'left over', newEmail: 'x@example.go.th' }));
    expect(input).toEqual({
      unitCode: '0300400004', username: 'A03004000041001', purpose: 'reset_password',
      requester: {
        name: 'นายโชคดี แสนรัมย์', nationalId: '1101400123451', email: 'goodluck@example.go.th', mobile: '0811234567',
        division: 'กองระบบการคลังภาครัฐ', department: 'กรมบัญชีกลาง', ministry: 'การคลัง',
      },
    });
    const holder = toInput(filled({ purpose: 'change_holder', holderReason: 'moved', holderReasonText: 'x', newHolderEmail: ' New@Example.go.th ' }));
    expect(holder).toMatchObject({ holderReason: 'moved', newHolderEmail: 'new@example.go.th' });
    expect(holder).not.toHaveProperty('holderReasonText');
  });

  it('should read a tracking number typed loosely', () => {
    expect(normaliseTracking(' sr-abc234-xyz789 ')).toBe('SR-ABC234-XYZ789');
    expect(normaliseTracking('SRABC234XYZ789')).toBe('SR-ABC234-XYZ789');
    expect(normaliseTracking('SR-ABC-XYZ')).toBeNull();
  });
});
