// The chat page's own script (custom_js): reads the interviewer's messages aloud, and shows
// Chainlit's "LLMs can make mistakes" footer only while an AI model takes part.
// Reading aloud uses the browser's own speech synthesis (Web Speech API). The server asks for it
// with a window message {type: "interview-coach:speak", text} only when the setting
// voice.read_question is on. Silent where the browser has no English voice.
// Served from this app; it makes no network requests.
(function () {
  "use strict";
  // Hidden by default (the offline engine is no LLM); {type: "interview-coach:engine", ai: true}
  // from the server shows it for a chat where a model interviews or grades.
  var style = document.createElement("style");
  style.textContent = "body:not([data-ai-engine]) .watermark { display: none !important; }";
  document.head.appendChild(style);
  window.addEventListener("message", function (event) {
    var data = event.data;
    if (event.origin !== window.location.origin || !data || data.type !== "interview-coach:engine") {
      return;
    }
    if (data.ai === true) {
      document.body.setAttribute("data-ai-engine", "");
    } else {
      document.body.removeAttribute("data-ai-engine");
    }
  });
})();

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
