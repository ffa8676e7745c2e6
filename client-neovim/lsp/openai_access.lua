-- openai-access language server for Neovim 0.11+ (`vim.lsp.config` / `vim.lsp.enable`).
--
--   vim.lsp.enable('openai_access')
--
-- Override anything with vim.lsp.config('openai_access', { ... }), e.g. the command when
-- `openai-access` is not on PATH:  cmd = { '/path/to/venv/bin/python', '-m', 'openai_access', 'serve' }.
--
-- The API key is read by the server from its environment (OPENAI_API_KEY, inherited from the
-- shell that started Neovim). Never put it in `settings` or `init_options`: it is not read there.

---@type vim.lsp.Config
return {
  cmd = { 'openai-access', 'serve' },
  filetypes = {
    'python',
    'javascript',
    'javascriptreact',
    'typescript',
    'typescriptreact',
    -- config files the server reads model names from
    'dotenv',
    'yaml',
    'toml',
    'json',
    'jsonc',
  },
  root_markers = { '.openai-access.toml', 'pyproject.toml', 'package.json', '.git' },
  -- The `openaiAccess` settings object (see docs/architecture.md, "LSP contract"); only what
  -- you set is sent, so a project's [tool.openai-access] choices are not overridden by defaults.
  init_options = {},
  settings = { openaiAccess = {} },
  handlers = {
    ['openaiAccess/status'] = function(err, result, ctx)
      local ok, oa = pcall(require, 'openai_access')
      if ok then
        oa.on_status(err, result, ctx)
      end
    end,
  },
}
