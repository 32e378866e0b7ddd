// Run by the production overlay's one-shot mongo-init service (mongosh --file) once mongo-1..3 answer.
// Initiates replica set rs0 if it does not exist yet, then waits until it has a primary, so the Flock
// services start against a writable database. Running it again is harmless.

const members = ['mongo-1:27017', 'mongo-2:27017', 'mongo-3:27017'];

let initiated = true;
try {
  rs.status();
} catch (e) {
  if (e.codeName !== 'NotYetInitialized') {
    throw e;
  }
  initiated = false;
}

if (initiated) {
  print('replica set rs0 already initiated');
} else {
  rs.initiate({ _id: 'rs0', members: members.map((host, i) => ({ _id: i, host: host })) });
  print('replica set rs0 initiated with ' + members.join(', '));
}

function hasPrimary() {
  try {
    return rs.status().members.some((m) => m.stateStr === 'PRIMARY');
  } catch (e) {
    return false; // the status is briefly unavailable right after rs.initiate
  }
}

const deadline = Date.now() + 120 * 1000;
while (!hasPrimary()) {
  if (Date.now() > deadline) {
    print('replica set rs0 has no primary after 120 s');
    quit(1);
  }
  sleep(1000);
}
print('replica set rs0 has a primary');
