// openai-node and the Vercel AI SDK. Each model shows one verdict openai-access gives offline.
import OpenAI from "openai";
import { openai } from "@ai-sdk/openai";
import { generateText } from "ai";

const client = new OpenAI();

// deprecated (shutdown 2027-01-14), replacement offered as a quick fix
const MODEL = process.env.ASSISTANT_MODEL ?? "gpt-4o-mini";

export async function reply(question: string): Promise<string> {
  const completion = await client.chat.completions.create({
    model: MODEL,
    messages: [{ role: "user", content: question }],
  });
  return completion.choices[0].message.content ?? "";
}

export async function legacy(question: string) {
  // retired
  return client.chat.completions.create({ model: "gpt-4-turbo-preview", messages: [{ role: "user", content: question }] });
}

export async function typo(question: string) {
  // unknown: did you mean gpt-5.5?
  return client.responses.create({ model: "gpt5.5", input: question });
}

export async function viaAiSdk(prompt: string) {
  // unverified without a key
  const { text } = await generateText({ model: openai("gpt-5.6-sol"), prompt });
  return text;
}
