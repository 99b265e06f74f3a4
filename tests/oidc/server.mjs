// A real OpenID Connect provider on localhost for the sign-in browser tests: `node server.mjs PORT IDENTITY_JSON`.
// It signs in whoever IDENTITY_JSON names ({"sub", "email", "name"}), read at each sign-in, so a test chooses the
// person before pressing the sign-in button (the mock provider asks no password). Prints "ready" once listening.
import { readFileSync } from "node:fs";
import { OAuth2Server } from "oauth2-mock-server";

const [port, identityFile] = process.argv.slice(2);
const server = new OAuth2Server();
await server.issuer.keys.generate("RS256");
const identity = () => JSON.parse(readFileSync(identityFile, "utf8"));
server.service.on("beforeTokenSigning", (token) => {
  Object.assign(token.payload, identity(), { email_verified: true });
});
server.service.on("beforeUserinfo", (response) => {
  Object.assign(response.body, identity(), { email_verified: true });
});
await server.start(Number(port), "127.0.0.1");
server.issuer.url = `http://127.0.0.1:${port}`;  // the address the browser and the app both use
console.log("ready", server.issuer.url);
