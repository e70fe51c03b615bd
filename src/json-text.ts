// JSON that is already text. The busiest answer (a tap on the pulse card) replies with a card built
// once per state and kept as JSON text: parsing it back into an object only to stringify it again
// for the response was a tenth of that answer's CPU and most of its garbage (issue 22). The HTTP
// layer writes the text as it is (src/http/send-json.ts); anything else that serializes it gets the
// same JSON through toJSON.
export class JsonText {
  constructor(readonly text: string) {}

  toJSON(): unknown {
    return JSON.parse(this.text);
  }
}
