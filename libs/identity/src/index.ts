export {
  DEFAULT_MATCH_MARGIN,
  DEFAULT_MATCH_THRESHOLD,
  EXTERNAL_SYSTEMS,
  type ExternalSystem,
  type IdentityRecords,
  type IdentityRules,
  type ResolutionCandidate,
  type ResolutionDecision,
  type ResolutionMethod,
} from './types';
export { IdentityResolver, type MemoFactory } from './resolver';
export { normaliseCompanyName, companyForms, type CompanyForms } from './company-name';
export { normalisePersonName, parsePersonName, type PersonName } from './person-name';
