// Ajv's verdicts for tests/test_javascript.py. Usage: node verdicts.mjs INPUT.json
//
// INPUT: {"module": path of alfred-ajv.mjs, "sets": {"strict": [...], "lenient": [...]},
//         "canonical": [...], "targets": [[kind, name, canonicalId]...], "values": [...],
//         "uuid": [...], "dateTime": [...]}
// Prints one JSON object: for each way of loading the schemas, one string per value with
// one character per target ("1" valid, "0" invalid), and the format functions' verdicts.
// Ajv runs in strict mode (every strict option on); any warning it logs is reported.
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const input = JSON.parse(readFileSync(process.argv[2], "utf8"));
const alfred = await import(pathToFileURL(input.module).href);
const warnings = [];
const logger = {
  log() {},
  warn: (...args) => warnings.push(args.join(" ")),
  error: (...args) => warnings.push(args.join(" ")),
};

function ajvWith(options) {
  return new Ajv2020({ strict: true, logger, ...options });
}

// the set of a profile, loaded with the module's formats and keywords; routed by name
function fromSet(ajv, schemas) {
  const byTarget = new Map();
  for (const schema of schemas) {
    const validate = ajv.getSchema(schema.$id);
    const name = schema.properties?.event?.properties?.event_name?.const;
    if (typeof name === "string") byTarget.set(`event:${name}`, validate);
    else if (schema.properties?.type?.const === "url_verification") {
      byTarget.set("handshake:url_verification", validate);
    }
  }
  return input.targets.map(([kind, name]) => {
    const validate = byTarget.get(`${kind}:${name}`);
    if (validate === undefined) throw new Error(`no schema for ${kind} ${name}`);
    return validate;
  });
}

function verdicts(validators) {
  return input.values.map((value) => validators.map((v) => (v(value) ? "1" : "0")).join(""));
}

const started = performance.now();
const result = { verdicts: {}, compiled: {}, warnings };
for (const [profile, schemas] of Object.entries(input.sets)) {
  const ajv = ajvWith({ formats: alfred.formats, keywords: alfred.keywords, schemas });
  result.verdicts[profile] = verdicts(fromSet(ajv, schemas));
  result.compiled[profile] = schemas.length;
}

// the canonical files, each at its $id, with relative $refs between them
{
  const ajv = ajvWith({ formats: alfred.formats, keywords: alfred.keywords });
  ajv.addSchema(input.canonical);
  const validators = input.targets.map(([, , id]) => ajv.getSchema(id));
  result.verdicts.canonical = verdicts(validators);
}

// ajv-formats installed first, then the module's vocabulary on top (it must win)
{
  const ajv = ajvWith({ schemas: input.sets.strict });
  addFormats(ajv);
  alfred.addAlfredVocabulary(ajv);
  result.verdicts.overAjvFormats = verdicts(fromSet(ajv, input.sets.strict));
}

// strict mode refuses the published schemas without the keywords
try {
  const ajv = ajvWith({ formats: alfred.formats, schemas: input.sets.strict });
  for (const schema of input.sets.strict) ajv.getSchema(schema.$id);
  result.withoutKeywords = "compiled";
} catch (error) {
  result.withoutKeywords = error.message;
}

// the format functions alone, and ajv-formats' own formats for comparison
const stock = ajvWith({});
addFormats(stock);
const stockUuid = stock.compile({ type: "string", format: "uuid" });
const stockDateTime = stock.compile({ type: "string", format: "date-time" });
result.uuid = input.uuid.map((s) => alfred.isUuid(s));
result.dateTime = input.dateTime.map((s) => alfred.isDateTime(s));
result.ajvFormats = {
  uuid: input.uuid.map((s) => stockUuid(s)),
  dateTime: input.dateTime.map((s) => stockDateTime(s)),
};
result.milliseconds = Math.round(performance.now() - started);
process.stdout.write(JSON.stringify(result));
