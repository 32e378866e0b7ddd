// One MongoDB user per Flock service, each with the least it needs (issue 10): a service writes only its own
// database; the edge reads the workers' and the projector's and writes only its own (idempotency keys). Passwords come
// from the compose secrets (compose/generate-secrets). Run as the root user, by the development MongoDB's init
// (docker-entrypoint-initdb.d, first start only) and by the production mongo-init (every `up`: it updates what exists).
// The dead-letter tools (flock-admin) read the workers' command logs with the edge's user.

const fs = require('fs');

const users = {
  'flock-edge-api': [
    { role: 'readWrite', db: 'edge' },
    { role: 'read', db: 'accounts' },
    { role: 'read', db: 'posts' },
    { role: 'read', db: 'timelines' },
  ],
  'flock-account-worker': [{ role: 'readWrite', db: 'accounts' }],
  'flock-post-worker': [{ role: 'readWrite', db: 'posts' }],
  'flock-timeline-projector': [{ role: 'readWrite', db: 'timelines' }],
  // The backup service's mongodump: MongoDB's built-in role to read every database and the oplog, nothing more.
  // Restores run as root (compose's restore service), which the backup service never holds.
  'flock-backup': [{ role: 'backup', db: 'admin' }],
};

const admin = db.getSiblingDB('admin');
for (const [name, roles] of Object.entries(users)) {
  const pwd = fs.readFileSync('/run/secrets/mongo-' + name.replace(/^flock-/, ''), 'utf8').trim();
  if (admin.getUser(name) === null) {
    admin.createUser({ user: name, pwd: pwd, roles: roles });
    print('created MongoDB user ' + name);
  } else {
    admin.updateUser(name, { pwd: pwd, roles: roles });
    print('updated MongoDB user ' + name);
  }
}
