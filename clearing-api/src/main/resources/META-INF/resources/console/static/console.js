// The console's only script of its own (served from this origin, so the content security policy allows it):
// shows a refused action's problem (the API's code and detail) instead of leaving the form silent.
(function () {
  function show(text) {
    var flash = document.getElementById('flash');
    if (!flash) { return; }
    flash.textContent = text;
    flash.hidden = false;
  }
  document.addEventListener('htmx:responseError', function (event) {
    var xhr = event.detail.xhr;
    var text = xhr.status + ' ' + xhr.statusText;
    try {
      var problem = JSON.parse(xhr.responseText);
      text = (problem.code || xhr.status) + ': ' + (problem.detail || problem.title || '');
    } catch (notJson) {
      if (xhr.responseText) { text = xhr.status + ': ' + xhr.responseText.substring(0, 300); }
    }
    show(text);
  });
  document.addEventListener('htmx:sendError', function () {
    show('the console cannot reach the server');
  });
  document.addEventListener('htmx:beforeRequest', function (event) {
    var flash = document.getElementById('flash');
    if (flash && event.detail.requestConfig && event.detail.requestConfig.verb !== 'get') { flash.hidden = true; }
  });
})();
