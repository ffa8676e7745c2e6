-- User commands for the openai-access language server (Neovim 0.7+).
if vim.g.loaded_openai_access then
  return
end
vim.g.loaded_openai_access = true

vim.api.nvim_create_user_command('OpenAIAccessRecheck', function(opts)
  require('openai_access').recheck(opts.args)
end, { nargs = '?', desc = 'openai-access: re-check access (all models, or the model given)' })

vim.api.nvim_create_user_command('OpenAIAccessReport', function()
  require('openai_access').report()
end, { nargs = 0, desc = 'openai-access: access report of every model in the workspace' })

vim.api.nvim_create_user_command('OpenAIAccessUpdateCatalog', function(opts)
  require('openai_access').update_catalog(opts.args)
end, { nargs = '?', desc = 'openai-access: download a newer model catalog (optionally from URL or FILE)' })

vim.api.nvim_create_user_command('OpenAIAccessDoctor', function()
  require('openai_access').doctor()
end, { nargs = 0, desc = 'openai-access: troubleshooting checklist' })
