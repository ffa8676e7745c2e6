-- A user's init.lua for Neovim 0.11: the shipped client-neovim on 'runtimepath', then
-- vim.lsp.config / vim.lsp.enable exactly as client-neovim/README.md says.
vim.opt.runtimepath:prepend(os.getenv('OA_CLIENT_NEOVIM'))
vim.cmd('filetype plugin on') -- plugin/ scripts on 'runtimepath' load after this file, as for any user

local overrides = {
  -- openai-access is not on PATH in the test; the README shows the same override.
  cmd = { os.getenv('OA_PYTHON'), '-m', 'openai_access', 'serve' },
  init_options = vim.fn.json_decode(os.getenv('OA_INIT_OPTIONS') or '{}'),
}
if os.getenv('OA_FORCE_UTF16') == '1' then
  -- Advertise utf-16 only, as most editors do, to exercise the server's utf-16 conversion.
  overrides.capabilities = { general = { positionEncodings = { 'utf-16' } } }
end
vim.lsp.config('openai_access', overrides)
vim.lsp.enable('openai_access')
