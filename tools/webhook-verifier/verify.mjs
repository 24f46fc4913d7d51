// Reads one JSON object per line on stdin, {"secret", "payload", "headers"}, and prints per line
// "ok" or "invalid: <reason>", using Standard Webhooks' own library (not our signing code).
import { Webhook } from "standardwebhooks";
import { createInterface } from "node:readline";

for await (const line of createInterface({ input: process.stdin })) {
  if (!line.trim()) continue;
  const { secret, payload, headers } = JSON.parse(line);
  try {
    new Webhook(secret).verify(payload, headers);
    console.log("ok");
  } catch (e) {
    console.log("invalid: " + e.message);
  }
}
