// sdk-mismatch: package.json declares openai ^3.3.0, which has no client.chat.completions (a v4 API).
import OpenAI from "openai";

const client = new OpenAI();
const r = await client.chat.completions.create({ model: "gpt-4.1", messages: [{ role: "user", content: "hi" }] });
console.log(r.choices[0].message.content);
