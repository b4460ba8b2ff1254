export * from './aggregate-root';
export * from './domain-event';
export * from './domain-error';
export * from './money';
export * from './state-machine';
export * from './personal-data';
