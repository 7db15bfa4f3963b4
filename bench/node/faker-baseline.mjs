// The json-schema-faker baseline: generates instances of one JSON Schema for a time budget and
// prints {records, ms, bytes} as JSON. Usage: node faker-baseline.mjs <schema.json> <budget-ms>
import { readFileSync } from 'node:fs';
import { generateSync } from 'json-schema-faker';

const schema = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const budgetMs = Number(process.argv[3] ?? 5000);
let records = 0;
let bytes = 0;
const start = performance.now();
while (performance.now() - start < budgetMs) {
  const value = generateSync(schema);
  bytes += JSON.stringify(value).length + 1;
  records++;
}
console.log(JSON.stringify({ records, ms: performance.now() - start, bytes }));
