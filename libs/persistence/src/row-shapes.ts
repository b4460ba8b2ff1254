import { Query } from 'pg';

export interface FieldDescription {
  name: string;
  dataTypeID: number;
  format: string;
}

/** The part of pg's Result a row description fills. */
export interface DescribedResult {
  fields: FieldDescription[];
  _parsers: unknown[] | undefined;
  _prebuiltEmptyResultObject: object | null;
  _types: object | undefined;
  addFields(fields: FieldDescription[]): void;
}

interface QueryInternals {
  name?: string;
  _result: DescribedResult;
  _accumulateRows: boolean;
  callback?: unknown;
  _checkForMultirow(): void;
  listeners(event: string): unknown[];
}

/** What pg makes of a statement's row description: a parser per column and the empty row. */
interface RowShape {
  fields: FieldDescription[];
  parsers: unknown[] | undefined;
  empty: object | null;
}

/** Per type set (a connection's type parsers), per statement name. */
const shapes = new WeakMap<object, Map<string, RowShape>>();
const DEFAULT_TYPES = {};

function sameFields(a: readonly FieldDescription[], b: readonly FieldDescription[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++)
    if (
      a[i].name !== b[i].name ||
      a[i].dataTypeID !== b[i].dataTypeID ||
      a[i].format !== b[i].format
    )
      return false;
  return true;
}

/**
 * Fills a result's row metadata from a RowDescription. pg makes the parsers and the empty row
 * of every answer again (a type lookup per column, a dictionary object copied); a named
 * prepared statement answers the same description every time, so the first one made is kept
 * (per statement and per connection's type parsers) and reused while the description matches
 * it column by column (name, type, format). A statement whose shape changed (a migration) is
 * described afresh and kept anew.
 */
export function describeRows(
  result: DescribedResult,
  statement: string | undefined,
  fields: FieldDescription[],
): void {
  if (statement === undefined || fields.length === 0) return result.addFields(fields);
  const types = result._types ?? DEFAULT_TYPES;
  let byName = shapes.get(types);
  if (byName === undefined) shapes.set(types, (byName = new Map<string, RowShape>()));
  const known = byName.get(statement);
  if (known !== undefined && sameFields(known.fields, fields)) {
    result.fields = fields;
    result._parsers = known.parsers;
    result._prebuiltEmptyResultObject = known.empty;
    return;
  }
  result.addFields(fields);
  byName.set(statement, {
    fields,
    parsers: result._parsers,
    empty: result._prebuiltEmptyResultObject,
  });
}

let installed = false;

/**
 * Makes pg's queries describe their rows through `describeRows` (installed once per process,
 * by `prepareStatementsOf`). Only named statements reuse a shape; everything else is as pg does it.
 */
export function reuseRowShapes(): void {
  if (installed) return;
  installed = true;
  const prototype = (Query as unknown as { prototype: QueryInternals })
    .prototype as QueryInternals & {
    handleRowDescription(message: { fields: FieldDescription[] }): void;
  };
  prototype.handleRowDescription = function (
    this: QueryInternals,
    message: { fields: FieldDescription[] },
  ) {
    this._checkForMultirow();
    describeRows(this._result, this.name, message.fields);
    this._accumulateRows = Boolean(this.callback) || this.listeners('row').length === 0;
  };
}
