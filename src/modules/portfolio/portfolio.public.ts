/**
 * What the rest of the service may import from portfolio: the module and the importer the
 * `portfolio:import` command line drives.
 */
export { PortfolioModule } from './portfolio.module';
export { ContractorImporter } from './application/contractor-importer';
export type { ImportFile, ImportOutcome } from './application/contractor-importer';
export type { ImportSource } from './domain/events/portfolio-import.events';
