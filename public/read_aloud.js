// Reads the interviewer's messages aloud with the browser's own speech synthesis (Web Speech
// API). The server asks for it with a window message {type: "interview-coach:speak", text} only
// when the setting voice.read_question is on. Silent where the browser has no English voice.
// Served from this app (custom_js); it makes no network requests.
(function () {
  "use strict";
  var synth = window.speechSynthesis;
  if (!synth || typeof window.SpeechSynthesisUtterance === "undefined") {
    return;
  }

  function englishVoice() {
    var voices = synth.getVoices() || [];
    for (var i = 0; i < voices.length; i++) {
      if ((voices[i].lang || "").toLowerCase().indexOf("en") === 0) {
        return voices[i];
      }
    }
    return null;
  }

  window.addEventListener("message", function (event) {
    if (event.origin !== window.location.origin) {
      return;
    }
    var data = event.data;
    if (!data || data.type !== "interview-coach:speak" || typeof data.text !== "string") {
      return;
    }
    var voice = englishVoice();
    if (!voice) {
      return;
    }
    synth.cancel();
    var utterance = new window.SpeechSynthesisUtterance(data.text.slice(0, 2000));
    utterance.voice = voice;
    utterance.lang = voice.lang;
    synth.speak(utterance);
  });

  // Stop talking as soon as the person starts answering (mic button or typing).
  document.addEventListener("pointerdown", function (event) {
    var target = event.target;
    if (target && target.closest && target.closest("#message-composer")) {
      synth.cancel();
    }
  });
})();
