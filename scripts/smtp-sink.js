// A local SMTP sink for the tests: accepts every mail on 127.0.0.1:<port> (no TLS, no auth) and writes it, as
// received, to <dir>/<time>-<n>.eml (written under a temporary name first, so a reader never sees half a mail).
// Usage: node scripts/smtp-sink.js <port> <dir>
const fs = require('fs');
const path = require('path');
const { SMTPServer } = require(path.join(__dirname, '..', '.tools', 'node_modules', 'smtp-server'));

const [port, dir] = [Number(process.argv[2]), process.argv[3]];
fs.mkdirSync(dir, { recursive: true });
let count = 0;
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  onData(stream, session, callback) {
    const chunks = [];
    stream.on('data', (chunk) => chunks.push(chunk));
    stream.on('end', () => {
      const name = `${Date.now()}-${++count}`;
      fs.writeFileSync(path.join(dir, name + '.tmp'), Buffer.concat(chunks));
      fs.renameSync(path.join(dir, name + '.tmp'), path.join(dir, name + '.eml'));
      callback();
    });
  },
});
server.listen(port, '127.0.0.1', () => console.log(`smtp-sink listening on 127.0.0.1:${port}, writing to ${dir}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
