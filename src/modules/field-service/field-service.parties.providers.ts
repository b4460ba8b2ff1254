import { Provider, Type } from '@nestjs/common';

/** Providers and controllers of the parties part of the field-service context. */
export const partiesProviders: Provider[] = [];
export const partiesControllers: Type[] = [];
