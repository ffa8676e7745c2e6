-- nvim-lspconfig style (Neovim 0.8-0.10 setups that use require('lspconfig')).
-- Copy into your config; `openai_access` is not one of lspconfig's bundled servers.
local configs = require('lspconfig.configs')
local util = require('lspconfig.util')

if not configs.openai_access then
  configs.openai_access = {
    default_config = {
      cmd = { 'openai-access', 'serve' },
      filetypes = { 'python', 'javascript', 'javascriptreact', 'typescript', 'typescriptreact', 'dotenv', 'yaml', 'toml', 'json', 'jsonc' },
      root_dir = util.root_pattern('.openai-access.toml', 'pyproject.toml', 'package.json', '.git'),
      init_options = {},
      settings = { openaiAccess = {} },
      handlers = {
        ['openaiAccess/status'] = function(...)
          require('openai_access').on_status(...)
        end,
      },
    },
  }
end

require('lspconfig').openai_access.setup({})
