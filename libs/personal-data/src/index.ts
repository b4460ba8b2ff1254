export * from './personal-data-protector';
export * from './personal-data-reveal';
export * from './personal-data.module';
export * from './subject-ids';
export * from './subject-key-cache';
export * from './subject-keys';
