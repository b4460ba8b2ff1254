import { Provider, Type } from '@nestjs/common';
import { ContractorImporter } from './application/contractor-importer';
import { ContractorRecords } from './application/contractor-records.port';
import { ImportRecordsParser } from './application/import-records.port';
import { PortfolioImportRepository } from './domain/portfolio-import.repository';
import { FormatImportRecordsParser } from './infrastructure/import/format-import-records.parser';
import { SqlContractorRecordsStore } from './infrastructure/typeorm/sql-contractor-records.store';
import { SqlPortfolioImportRepository } from './infrastructure/typeorm/sql-portfolio-import.repository';

export const importControllers: Type[] = [];

export const importProviders: Provider[] = [
  ContractorImporter,
  { provide: ContractorRecords, useClass: SqlContractorRecordsStore },
  { provide: ImportRecordsParser, useClass: FormatImportRecordsParser },
  { provide: PortfolioImportRepository, useClass: SqlPortfolioImportRepository },
];
