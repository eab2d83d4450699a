// The practice's page in a Teams dialog: the Teams theme, and "only the changed fields". It reads fine without this.
(function () {
  'use strict';
  var only = document.getElementById('only-changed');
  if (only)
    only.addEventListener('change', function () {
      document.body.classList.toggle('only-changed', only.checked);
    });
  var teams = window.microsoftTeams;
  if (!teams || window.parent === window) return;
  teams.app
    .initialize()
    .then(function () {
      return teams.app.getContext();
    })
    .then(function (context) {
      var theme = context && context.app && context.app.theme;
      if (theme === 'dark' || theme === 'contrast') document.body.classList.add('theme-dark');
      teams.app.registerOnThemeChangeHandler(function (next) {
        document.body.classList.toggle('theme-dark', next === 'dark' || next === 'contrast');
      });
      teams.app.notifySuccess();
    })
    .catch(function () {
      // Outside Teams (a browser): the page is already whole.
    });
})();
