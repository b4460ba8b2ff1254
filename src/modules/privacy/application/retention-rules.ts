import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { RetentionRule } from '@opsledger/personal-data';

/**
 * Every RetentionRule provider of every module, found once at start: a context adds a rule by
 * listing it among its providers, nothing else.
 */
@Injectable()
export class RetentionRules implements OnApplicationBootstrap {
  private rules: RetentionRule[] = [];

  constructor(private readonly discovery: DiscoveryService) {}

  onApplicationBootstrap(): void {
    const found = new Set<RetentionRule>();
    for (const wrapper of this.discovery.getProviders()) {
      const instance: unknown = wrapper.instance;
      if (instance instanceof RetentionRule) found.add(instance);
    }
    const all = [...found].sort((a, b) => a.name.localeCompare(b.name));
    const names = all.map((rule) => rule.name);
    const twice = names.find((name, i) => names.indexOf(name) !== i);
    if (twice) throw new Error(`two retention rules are named "${twice}"`);
    this.rules = all;
  }

  /** By name. */
  all(): readonly RetentionRule[] {
    return this.rules;
  }
}
