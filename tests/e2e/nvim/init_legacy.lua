-- A user's init.lua for Neovim 0.7 (Debian 12): client-neovim on 'runtimepath' and the
-- FileType-autocmd setup from lua/openai_access/legacy.lua (no vim.lsp.config before 0.11).
vim.opt.runtimepath:prepend(os.getenv('OA_CLIENT_NEOVIM'))
vim.cmd('filetype plugin on') -- plugin/ scripts on 'runtimepath' load after this file, as for any user

require('openai_access.legacy').setup({
  cmd = { os.getenv('OA_PYTHON'), '-m', 'openai_access', 'serve' },
  init_options = vim.fn.json_decode(os.getenv('OA_INIT_OPTIONS') or '{}'),
})
