export {
  CATALOGUE,
  CODELESS_IDS,
  LANGS,
  SEED_CODES,
  catalogueEntry,
  catalogueEntryForCode,
  unknownEntry,
  type CatalogueEntry,
  type CodelessId,
  type DocLink,
  type Lang,
} from './catalogue';
export {
  buildApplyScopesUrl,
  explainFailure,
  extractMissingScopes,
  extractTroubleshooterUrl,
  formatExplanationText,
  selectEntry,
  type ExplainContext,
  type Explanation,
  type FeishuDomain,
} from './explain';
export { hostOf, unreachableReason, type UnreachableReason } from './reach';
export { failureStageLabel } from './stages';
