// Calls that send what the model rejects (issue 13), and a client that ships its key to browsers.
import OpenAI from "openai";

// browser-key: dangerouslyAllowBrowser hands the key to every visitor.
const client = new OpenAI({ apiKey: import.meta.env.VITE_OPENAI_KEY, dangerouslyAllowBrowser: true });

export async function classify(text: string): Promise<string> {
  // unsupported-parameter: max_tokens and top_p on o4-mini.
  const r = await client.chat.completions.create({
    model: "o4-mini",
    messages: [{ role: "user", content: text }],
    max_tokens: 50,
    top_p: 0.9,
  });
  return r.choices[0].message.content ?? "";
}

export async function draft(topic: string): Promise<string> {
  // unsupported-parameter: this call sets reasoning effort "high", so temperature is rejected.
  const r = await client.responses.create({
    model: "gpt-5.4",
    input: topic,
    temperature: 0.7,
    reasoning: { effort: "high" },
  });
  return r.output_text;
}
