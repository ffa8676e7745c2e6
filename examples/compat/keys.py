"""A secret key written into code (issue 13). The key below is made up (it says FAKE); its shape is what is flagged.

exposed-key: error; messages show only the kind and last four characters. The quick fix reads
OPENAI_API_KEY from the environment instead.
"""

from openai import OpenAI

client = OpenAI(api_key="sk-proj-FAKEkey0FAKEkey1FAKEkey2FAKEkey3FAKEkey4FAKEkMn")
