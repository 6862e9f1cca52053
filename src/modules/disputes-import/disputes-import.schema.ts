import { Type } from 'typebox';
import { Bilingual } from '../../shared/fields.ts';
import { ENCODINGS } from './sheet-reader.ts';

export const ImportQuery = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 255, pattern: '^[^\\p{Cc}\\p{Cs}/\\\\]+$', description: "the file's name, for the report and the audit" }),
    dryRun: Type.Optional(Type.Boolean({ description: 'check every row and report, storing nothing' })),
    encoding: Type.Optional(Type.Union(ENCODINGS.map((e) => Type.Literal(e)), { description: "a CSV file's character encoding (default auto)" })),
  },
  { additionalProperties: false },
);

const Problem = Type.Object({ column: Type.Union([Type.String(), Type.Null()]), field: Type.String(), message: Bilingual });

export const ImportReportView = Type.Object({
  file: Type.String(),
  format: Type.Union([Type.Literal('csv'), Type.Literal('xlsx')]),
  encoding: Type.Union([Type.String(), Type.Null()]),
  dryRun: Type.Boolean(),
  rows: Type.Integer(),
  accepted: Type.Integer(),
  alreadyImported: Type.Integer(),
  rejected: Type.Integer(),
  rejections: Type.Array(Type.Object({ row: Type.Integer(), problems: Type.Array(Problem) })),
  repeated: Type.Array(Type.Object({ row: Type.Integer(), sameAs: Type.Integer() })),
  ignoredColumns: Type.Array(Type.String()),
  ms: Type.Integer(),
});
