// Reads a JSON array of Kubernetes objects on standard input and validates each against the schema of its kind from
// the Kubernetes API's OpenAPI definitions (npm's kubernetes-models, ajv underneath). Objects of custom resources
// (RabbitmqCluster, MongoDBCommunity, the topology operator's User and Permission) have no schema here: they are
// listed as skipped, never passed silently. Exit status 1 when an object is invalid or a kind is unknown.
import { readFileSync } from "node:fs";

const CUSTOM_GROUPS = new Set(["rabbitmq.com", "mongodbcommunity.mongodb.com"]);

const objects = JSON.parse(readFileSync(0, "utf8"));
let valid = 0;
const skipped = [];
const failures = [];
for (const object of objects) {
  const label = `${object.kind}/${object.metadata?.name}`;
  const [group, version] = object.apiVersion.includes("/") ? object.apiVersion.split("/") : [null, object.apiVersion];
  if (CUSTOM_GROUPS.has(group)) {
    skipped.push(label);
    continue;
  }
  let models;
  try {
    models = await import(`kubernetes-models/${group ? `${group}/` : ""}${version}`);
  } catch (error) {
    failures.push(`${label}: no schema for apiVersion ${object.apiVersion}`);
    continue;
  }
  const Model = models[object.kind];
  if (!Model) {
    failures.push(`${label}: no schema for kind ${object.kind} in ${object.apiVersion}`);
    continue;
  }
  try {
    new Model(object).validate();
    valid++;
  } catch (error) {
    failures.push(`${label}: ${error.message}`);
  }
}
console.log(`  ${valid} objects valid against the Kubernetes schemas` +
  (skipped.length ? `; ${skipped.length} custom resources skipped (no schema offline): ${skipped.join(", ")}` : ""));
for (const failure of failures) {
  console.log(`  INVALID ${failure}`);
}
process.exit(failures.length ? 1 : 0);
