"""sdk-mismatch: this folder's requirements.txt declares openai>=1.40, where the 0.x call below raises
APIRemovedInV1. `openai migrate` rewrites it, or use client.chat.completions.create."""

import openai


def weekly_report(notes: str) -> str:
    r = openai.ChatCompletion.create(model="gpt-4.1", messages=[{"role": "user", "content": notes}])
    return r["choices"][0]["message"]["content"]
