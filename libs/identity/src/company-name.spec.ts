import fc from 'fast-check';
import { companyForms, domainIn, domainStem, normaliseCompanyName } from './company-name';

describe('normaliseCompanyName', () => {
  it.each([
    'Allied Logistics Partners LLC',
    'Allied Logistics Partners, L.L.C.',
    'ALLIED LOGISTICS PARTNERS INC.',
    'The Allied Logistics Partners Limited',
    'Allied Logistics Partners Incorporated',
    '  allied   logistics-partners corp ',
    'Allied Logistics Partners Pty Ltd',
    'Allied Logistics Partners GmbH & Co. KG',
    'Allied Logistics Partners Limited Liability Company',
  ])('drops case, punctuation, a leading "The" and the legal form: %s', (name) => {
    expect(normaliseCompanyName(name)).toBe('allied logistics partners');
  });

  it('treats "&" and "and" alike and folds accents', () => {
    expect(normaliseCompanyName('Johnson & Sons Ltd')).toBe(normaliseCompanyName('Johnson and Sons'));
    expect(normaliseCompanyName('Zürich Café Société SA')).toBe('zurich cafe societe');
    expect(normaliseCompanyName("O'Brien’s Bakery Co.")).toBe('obriens bakery');
  });

  it('keeps legal-form words that are part of the name', () => {
    expect(normaliseCompanyName('The Company Store')).toBe('company store');
    expect(normaliseCompanyName('Limited Brands Inc')).toBe('limited brands');
    expect(normaliseCompanyName('Summit Freight Services LLC')).toBe('summit freight services');
  });

  it('drops unambiguous legal forms inside the name ("Acme Ltd (UK)")', () => {
    expect(normaliseCompanyName('Acme Ltd (UK)')).toBe('acme uk');
  });

  it('spells out common abbreviations', () => {
    expect(normaliseCompanyName('Acme Intl Svcs')).toBe('acme international services');
  });

  it('keeps the legal form, in one spelling, in the canonical form', () => {
    expect(companyForms('Summit Freight, Inc.').canonical).toBe('summit freight inc');
    expect(companyForms('Summit Freight Incorporated').canonical).toBe('summit freight inc');
    expect(companyForms('Summit Freight LLC').canonical).toBe('summit freight llc');
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (s) => {
        const once = normaliseCompanyName(s);
        expect(normaliseCompanyName(once)).toBe(once);
      }),
    );
  });

  it('ignores case and surrounding whitespace of any name', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z][A-Za-z &.,-]{0,30}$/), (s) => {
        expect(normaliseCompanyName(`  ${s.toUpperCase()} `)).toBe(normaliseCompanyName(s.toLowerCase()));
      }),
    );
  });
});

describe('domains', () => {
  it.each([
    ['alliedlogistics.com', 'alliedlogistics'],
    ['https://www.allied-logistics.co.uk/about', 'alliedlogistics'],
    ['ap@alliedlogistics.com', 'alliedlogistics'],
    ['shop.allied.com', 'allied'],
  ])('%s -> %s', (domain, stem) => {
    expect(domainStem(domain)).toBe(stem);
  });

  it('ignores stems too short to mean anything', () => {
    expect(domainStem('ab.com')).toBeUndefined();
  });

  it('finds a domain used as a name, not inside a sentence', () => {
    expect(domainIn('AlliedLogistics.com')).toBe('alliedlogistics');
    expect(domainIn('Allied Logistics.com ltd')).toBeUndefined();
  });
});
