// Limber's timed player. Plain JavaScript, no framework. How it keeps time, its one state and
// its cues: docs/player.md. The same file runs as a tiny Web Worker, whose timers are not
// throttled in a hidden tab, to wake the page on time for each step change.
(function () {
  "use strict";

  if (typeof window === "undefined") {
    var timer = null;
    self.onmessage = function (event) {
      clearTimeout(timer);
      if (event.data >= 0) timer = setTimeout(function () { self.postMessage("tick"); }, event.data);
    };
    return;
  }

  var dataNode = document.getElementById("player-data");
  if (!dataNode) return;
  var D = JSON.parse(dataNode.textContent);
  var steps = D.steps;
  var n = steps.length;
  var KEY = "limber:player:" + D.routine.id;
  var BACK_RESTARTS_AFTER_MS = 3000;
  var NEXT_SHOWN_MS = 5000;
  var scriptUrl = document.currentScript && document.currentScript.src;

  function $(id) { return document.getElementById(id); }
  var ui = {
    root: $("player"), phase: $("phase"), name: $("move-name"), setLine: $("set-line"), count: $("countdown"),
    reps: $("reps-line"), next: $("next-line"), stopIf: $("stop-if"), progress: $("progress"), left: $("time-left"),
    announce: $("announce"), picture: $("picture"), about: $("about-body"), aboutBox: $("about"),
    start: $("start"), pause: $("pause"), back: $("back"), skip: $("skip"), more: $("more"), done: $("done"),
    end: $("end"), mute: $("mute"), fullscreen: $("fullscreen"),
    playing: $("playing"), finish: $("finish"), finishForm: $("finish-form"), finishTitle: $("finish-title"),
    saved: $("saved"), status: $("save-status"), summary: $("summary"), flare: $("flare"), sessionLink: $("session-link"),
    checkIn: $("check-in"), checkInForm: $("check-in-form"), resumeNote: $("resume-note"), resumeLink: $("resume-link")
  };
  function checkingIn() { return !!ui.checkIn && !ui.checkIn.hidden; }

  function now() { return Date.now(); }
  function stepMs(i) { return (steps[i].seconds + ((S.ext && S.ext[i]) || 0)) * 1000; }

  // ---- State, kept in localStorage

  function load() {
    try { return JSON.parse(localStorage.getItem(KEY)); } catch (e) { return null; }
  }
  function persist() {
    try { localStorage.setItem(KEY, JSON.stringify(S)); } catch (e) { /* private mode: plays on, no resume */ }
  }
  function forget() {
    try { localStorage.removeItem(KEY); } catch (e) { /* nothing stored */ }
  }
  function fresh() {
    return { v: 1, routineId: D.routine.id, painBefore: checkIn ? checkIn.pain : null, redFlags: checkIn ? checkIn.flags : [], clientId: null, startedAt: null,
             endedAt: null, completed: true, step: 0, offset: 0, anchorAt: null, pausedAt: null, pausedMs: 0,
             ext: {}, log: {}, muted: false, submitted: false };
  }
  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  // The server's check-in, or this browser's (checkin.js; the only one offline). Its red flags go with the result.
  function browserCheckIn() {
    try {
      var c = JSON.parse(localStorage.getItem("limber:checkin:" + D.routine.id));
      if (c && typeof c.pain === "number" && now() - c.at < D.check_in_hours * 3600000) return c;
    } catch (e) { /* storage unavailable */ }
    return null;
  }
  var checkIn = D.pain_before !== null ? { pain: D.pain_before, flags: [] } : browserCheckIn();

  var S = load();
  if (!S || S.v !== 1 || S.routineId !== D.routine.id || (S.submitted && !S.endedAt)) S = null;
  // On the check-in page the player waits for the check-in; on its own page it needs one.
  if (!S && !ui.checkInForm && (!checkIn || checkIn.flags.length)) {
    location.replace(D.urls.check_in);
    return;
  }
  S = S || fresh();

  // Where the clock says we are: walk from the anchor through the steps' lengths.
  function position(t) {
    var at = S.pausedAt !== null ? S.pausedAt : t;
    var into = S.offset + (at - S.anchorAt);
    var i = S.step;
    while (i < n && into >= stepMs(i)) { into -= stepMs(i); i++; }
    return { i: i, into: into, at: at };
  }

  // Move the anchor to now; each step the clock passed counts as done.
  function settle(t) {
    var p = position(t);
    for (var j = S.step; j < p.i; j++) if (!S.log[j]) S.log[j] = { ms: stepMs(j), how: "done" };
    S.step = p.i; S.offset = p.into; S.anchorAt = p.at;
    return p;
  }

  // The one state (docs/player.md); data-state tells the CSS.
  function status() {
    if (S.startedAt === null) return "ready";
    if (S.endedAt === null) return S.pausedAt === null ? "playing" : "paused";
    return S.submitted ? "sent" : "finished";
  }
  function running() { return S.startedAt !== null && S.endedAt === null; }

  // ---- Sound, voice, flash, wake lock

  var audio = null;
  function beep(freq, ms, volume) {
    if (!D.prefs.sound || S.muted) return;
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      if (audio.state === "suspended") audio.resume();
      var osc = audio.createOscillator(), gain = audio.createGain(), t0 = audio.currentTime;
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.0001, t0);
      gain.gain.exponentialRampToValueAtTime(volume || 0.3, t0 + 0.01);
      gain.gain.exponentialRampToValueAtTime(0.0001, t0 + ms / 1000);
      osc.connect(gain).connect(audio.destination);
      osc.start(t0); osc.stop(t0 + ms / 1000 + 0.02);
    } catch (e) { /* no audio here: the flash still shows */ }
  }
  function say(words) {
    if (!D.prefs.voice || S.muted || !words || !("speechSynthesis" in window)) return;
    try {
      speechSynthesis.cancel();
      speechSynthesis.speak(new SpeechSynthesisUtterance(words));
    } catch (e) { /* no voices: the text is on screen */ }
  }
  var flashTimer = null;
  function flash() {
    ui.root.classList.add("flash");
    clearTimeout(flashTimer);
    flashTimer = setTimeout(function () { ui.root.classList.remove("flash"); }, 600);
  }

  var wakeLock = null;
  function keepAwake(on) {
    if (!D.prefs.keep_awake || !("wakeLock" in navigator)) return;
    if (on && !wakeLock && document.visibilityState === "visible") {
      navigator.wakeLock.request("screen").then(function (lock) {
        wakeLock = lock;
        lock.addEventListener("release", function () { wakeLock = null; });
      }).catch(function () { /* refused (battery saver): the player still runs */ });
    } else if (!on && wakeLock) {
      wakeLock.release(); wakeLock = null;
    }
  }

  // ---- Drawing

  function clock(seconds) {
    seconds = Math.max(0, seconds);
    if (seconds < 60) return String(seconds);
    return Math.floor(seconds / 60) + ":" + String(seconds % 60).padStart(2, "0");
  }
  function words(seconds) {
    var m = Math.floor(seconds / 60), s = seconds % 60;
    return (m ? m + " min " : "") + s + " s";
  }
  function capital(s) { return s.charAt(0).toUpperCase() + s.slice(1); }
  function setLine(step) {
    var parts = [];
    if (step.sets > 1 && step.phase !== "next" && step.phase !== "position") parts.push("Set " + step.set + " of " + step.sets);
    if (step.side !== "none") parts.push(capital(step.side) + " side");
    if (step.phase === "rest") parts.unshift("Rest");
    return parts.join(" · ");
  }
  var PHASES = { lead_in: "Get ready", position: "Get into position", next: "Next move", rest: "Rest", switch: "Switch sides" };
  // What the screen's colour says (limber.css): get ready, hold, reps, rest or switch sides.
  function look(step) {
    if (step.phase === "work") return step.reps ? "reps" : "hold";
    return step.phase === "lead_in" || step.phase === "position" || step.phase === "next" ? "ready" : step.phase;
  }
  function phaseWord(step) {
    if (step.phase !== "work") return PHASES[step.phase] || "";
    if (step.reps) return "Reps";
    var item = D.items[step.item];
    return item && item.measure === "breaths" ? "Breathe" : "Hold";
  }
  // The rep under way at the move's tempo, from 1, never past the last.
  function repNow(step, into) {
    var tempo = (step.seconds / step.reps) * 1000;
    return Math.min(step.reps, Math.floor(Math.max(0, into) / tempo) + 1);
  }

  function fillAbout(itemIndex) {
    ui.about.textContent = "";
    var item = D.items[itemIndex];
    if (!item) { ui.aboutBox.hidden = true; return; }
    ui.aboutBox.hidden = false;
    function list(title, lines, ordered) {
      if (!lines.length) return;
      var h = document.createElement("h3"); h.textContent = title; ui.about.appendChild(h);
      var l = document.createElement(ordered ? "ol" : "ul");
      lines.forEach(function (line) { var li = document.createElement("li"); li.textContent = line; l.appendChild(li); });
      ui.about.appendChild(l);
    }
    list("How to do it", item.instructions, true);
    list("Cautions", item.cautions, false);
    list("Stop if", item.stop_if, false);
    // Show this move's drawing (or photo); the others stay hidden.
    Array.prototype.forEach.call(ui.picture.children, function (figure) {
      figure.hidden = Number(figure.dataset.item) !== itemIndex;
    });
  }

  function secondsLeft(p) { return p.i >= n ? 0 : Math.ceil((stepMs(p.i) - p.into) / 1000); }
  function repAt(p) {
    var step = steps[Math.min(p.i, n - 1)];
    return step.phase === "work" && step.reps && p.i < n ? repNow(step, p.into) : 0;
  }

  // What the screen shows at position p; what it sounds is cue()'s.
  var drawnStep = -1, drawnItem = -2;
  function draw(p) {
    var i = Math.min(p.i, n - 1);
    var step = steps[i];
    var state = status();
    ui.root.dataset.state = state;
    if (i !== drawnStep) {
      ui.root.dataset.look = look(step);
      ui.name.textContent = step.name || step.text;
      ui.setLine.textContent = setLine(step);
      ui.root.dataset.phase = step.phase;
      // The picture matches the side being done.
      ui.picture.classList.toggle("mirrored", step.side === "right");
      // The lead-in shows the first move's instructions.
      var itemIndex = step.item === null ? 0 : step.item;
      if (itemIndex !== drawnItem) { fillAbout(itemIndex); drawnItem = itemIndex; }
      // The move's most important "stop if" stays on screen while it lasts.
      ui.stopIf.textContent = D.items[itemIndex] ? D.items[itemIndex].first_caution : "";
      drawnStep = i;
    }
    ui.count.textContent = clock(secondsLeft(p));
    ui.phase.textContent = state === "paused" ? "Paused" : phaseWord(step);
    var rep = repAt(p);
    ui.reps.textContent = rep ? "Rep " + rep + " of " + step.reps : "";
    var nextStep = steps[i + 1];
    var showNext = nextStep && (step.phase === "rest" || step.phase === "switch" || stepMs(i) - p.into <= NEXT_SHOWN_MS);
    ui.next.textContent = showNext ? "Next: " + nextStep.text : "";
    var total = 0, doneMs = 0;
    for (var j = 0; j < n; j++) { total += stepMs(j); if (j < p.i) doneMs += stepMs(j); }
    if (p.i < n) doneMs += p.into;
    ui.progress.max = Math.round(total / 1000);
    ui.progress.value = Math.min(Math.round(doneMs / 1000), ui.progress.max);
    var left = Math.max(0, Math.ceil((total - doneMs) / 1000));
    ui.left.textContent = clock(left) + " left";
    ui.progress.setAttribute("aria-valuetext", words(left) + " left");

    var live = running();
    ui.pause.textContent = state === "paused" ? "Resume" : "Pause";
    ui.pause.setAttribute("aria-pressed", state === "paused" ? "true" : "false");
    [ui.back, ui.skip, ui.end].forEach(function (b) { b.disabled = !live; });
    ui.more.disabled = !live || (S.ext[i] || 0) >= D.max_extensions * D.extension_seconds;
  }

  // ---- Cues, each once: remembered apart from the drawing
  var cued = { step: -1, second: -1, rep: 0 };
  function cue(p) {
    var i = Math.min(p.i, n - 1), step = steps[i], state = status();
    var remaining = secondsLeft(p), rep = repAt(p);
    // A soft tick on each new rep (the step's own tone marks the first).
    if (rep > 1 && i === cued.step && rep !== cued.rep && state === "playing" && D.prefs.rep_cue) beep(520, 70, 0.12);
    if (running() && i !== cued.step) {
      // A new step: its tone, the flash, the spoken cue, one polite announcement.
      if (cued.step !== -1 || p.into < 1000) { beep(880, 350); flash(); say(step.say); }
      var line = step.phase === "lead_in" ? "" : setLine(step); // the lead-in's text names the side already
      ui.announce.textContent = step.text + (line ? ", " + line : "") + ". " + words(steps[i].seconds + (S.ext[i] || 0)) + ".";
      document.dispatchEvent(new CustomEvent("limber:step", { detail: { index: i, at: now(), startedAt: S.startedAt, late: p.into } }));
    } else if (state === "playing" && remaining !== cued.second && remaining >= 1 && remaining <= 3) {
      beep(660, 120);
    }
    cued = { step: i, second: remaining, rep: rep };
  }
  function show(p) { draw(p); cue(p); }

  // ---- The loop: wake exactly at the next whole second or step change

  var wakeTimer = null, worker = null;
  function schedule(p) {
    clearTimeout(wakeTimer);
    if (status() !== "playing") { if (worker) worker.postMessage(-1); return; }
    var untilEnd = stepMs(p.i) - p.into;
    var delay = untilEnd % 1000 || 1000;
    wakeTimer = setTimeout(tick, delay);
    if (document.hidden && scriptUrl && window.Worker) {
      try { worker = worker || makeWorker(); worker.postMessage(delay); } catch (e) { worker = null; }
    }
  }
  function makeWorker() {
    var w = new Worker(scriptUrl);
    w.onmessage = tick;
    return w;
  }

  function tick() {
    if (!running()) return;
    var before = S.step;
    var p = settle(now());
    if (p.i >= n) return finish(now() - p.into, true);
    if (p.i !== before) persist();
    show(p);
    schedule(p);
  }

  // ---- Controls

  function act(change) {
    if (!running()) return;
    var p = settle(now());
    if (p.i >= n) return finish(now() - p.into, true);
    change(p);
    if (!running()) return;
    if (S.step >= n) return finish(S.pausedAt !== null ? S.pausedAt : now(), true);
    persist();
    p = position(now());
    show(p);
    schedule(p);
  }
  function jumpTo(i, t) { S.step = i; S.offset = 0; S.anchorAt = t; }

  function start() {
    if (status() !== "ready") return;
    var t = now();
    S.clientId = uuid(); S.startedAt = t; S.anchorAt = t; S.step = 0; S.offset = 0; S.plan = D.plan;
    cued.step = -1;
    beep(880, 1); // unlocks audio inside the tap
    persist();
    keepAwake(true);
    var p = position(t);
    show(p);
    schedule(p);
    ui.pause.focus();
  }
  function togglePause() {
    act(function (p) {
      if (status() === "paused") {
        var t = now();
        S.pausedMs += t - S.pausedAt; S.anchorAt = t; S.pausedAt = null; keepAwake(true);
      } else {
        S.pausedAt = p.at; keepAwake(false);
      }
    });
  }
  function skip(how) {
    act(function (p) {
      S.log[p.i] = { ms: Math.round(p.into), how: how };
      jumpTo(p.i + 1, p.at);
    });
  }
  function back() {
    act(function (p) {
      var target = p.into > BACK_RESTARTS_AFTER_MS || p.i === 0 ? p.i : p.i - 1;
      for (var j = target; j <= p.i; j++) delete S.log[j];
      jumpTo(target, p.at);
      cued.step = -2; // say the step again even when it is the same one
    });
  }
  function moreTime() {
    act(function (p) {
      if ((S.ext[p.i] || 0) < D.max_extensions * D.extension_seconds) S.ext[p.i] = (S.ext[p.i] || 0) + D.extension_seconds;
    });
  }
  function endEarly() {
    act(function (p) {
      S.log[p.i] = { ms: Math.round(p.into), how: "skipped" };
      S.completed = false;
      finish(p.at, false);
    });
  }

  // ---- The end: what was done, then pain, effort and notes

  function finish(endedAt, completed) {
    clearTimeout(wakeTimer);
    if (worker) worker.postMessage(-1);
    if (running()) {
      if (S.pausedAt !== null) { S.pausedMs += Math.max(0, endedAt - S.pausedAt); S.pausedAt = null; }
      S.endedAt = endedAt;
      S.completed = completed && S.completed;
      S.step = n;
      persist();
      beep(523, 600);
      say(completed ? "Well done. That is the end of the routine." : "Routine ended.");
    }
    ui.root.dataset.state = status();
    keepAwake(false);
    showFinish();
  }

  function movesDone() {
    return D.items.map(function (item, k) {
      var seconds = 0, reps = 0, setsDone = 0, sets = {};
      steps.forEach(function (step, j) {
        if (step.item !== k || step.phase !== "work") return;
        var entry = S.log[j];
        var key = String(step.set);
        if (!(key in sets)) sets[key] = true;
        if (!entry || entry.how !== "done") sets[key] = false;
        if (!entry) return;
        seconds += Math.min(Math.round(entry.ms / 1000), stepMs(j) / 1000);
        if (step.reps) {
          reps += entry.how === "done" ? step.reps : Math.min(step.reps, Math.floor(entry.ms / 1000 / (step.seconds / step.reps)));
        }
      });
      Object.keys(sets).forEach(function (key) { if (sets[key]) setsDone++; });
      return { item: k, sets_done: setsDone, seconds_done: seconds, reps_done: item.reps ? reps : null, skipped: setsDone === 0 && seconds === 0 };
    });
  }

  function result(form) {
    var pain = form.elements.pain_after.value, effort = form.elements.effort.value;
    return {
      client_id: S.clientId,
      started_at: new Date(S.startedAt).toISOString(),
      ended_at: new Date(S.endedAt).toISOString(),
      duration_seconds: Math.max(0, Math.floor((S.endedAt - S.startedAt - S.pausedMs) / 1000)),
      completed: S.completed,
      pain_before: S.painBefore,
      red_flags: S.redFlags || [],
      pain_after: pain === "" ? null : parseInt(pain, 10),
      effort: effort === "" ? null : parseInt(effort, 10),
      notes: form.elements.notes.value,
      notes_flagged: form.elements.notes_flagged.checked,
      moves: movesDone(),
      plan: S.plan || D.plan  // the routine as it was when this run started (see routines.session_save)
    };
  }

  function showFinish() {
    ui.playing.hidden = true;
    if (status() === "sent") return showSaved(window.LimberOutbox.savedAnswer(S.clientId) || resend());
    ui.finish.hidden = false;
    ui.finishTitle.textContent = S.completed ? "Well done: routine finished" : "Routine ended early";
    ui.finishTitle.focus();
  }

  // A result sent whose answer another tab or the worker had: unless it waits or was refused, send it again.
  function resend() {
    var box = window.LimberOutbox, id = S.clientId;
    var known = box.pending().concat(box.refused().map(function (r) { return r.entry; }));
    if (S.result && !known.some(function (e) { return e.id === id; })) {
      box.add({ id: id, url: D.urls.save, body: S.result, name: D.routine.name, routine: D.routine.id });
      box.flush();
    }
    return null;
  }

  function submit(event) {
    event.preventDefault();
    var body = result(ui.finishForm);
    window.LimberOutbox.add({ id: S.clientId, url: D.urls.save, body: body, name: D.routine.name, routine: D.routine.id });
    S.submitted = true;
    S.result = body;
    ui.root.dataset.state = status();
    persist();
    showSaved(null);
    window.LimberOutbox.flush();
  }

  var savedShown = false;
  function showSaved(response) {
    if (savedShown) return;
    ui.finish.hidden = true;
    ui.saved.hidden = false;
    if (!response) {
      ui.status.textContent = navigator.onLine === false ? WAITING : "Saving…";
      return;
    }
    savedShown = true;
    ui.status.textContent = "Saved.";
    var r = S.result || {};
    var done = (r.moves || []).filter(function (m) { return !m.skipped; }).length;
    var s = response.summary;
    ui.summary.textContent = "";
    [["Time spent", words(s.duration_seconds)], ["Moves done", done + " of " + D.items.length],
     ["Pain", s.pain_before + " → " + (s.pain_after === null ? "not given" : s.pain_after)]].forEach(function (pair) {
      var div = document.createElement("div"), dt = document.createElement("dt"), dd = document.createElement("dd");
      dt.textContent = pair[0]; dd.textContent = pair[1];
      div.appendChild(dt); div.appendChild(dd); ui.summary.appendChild(div);
    });
    ui.sessionLink.href = response.url;
    ui.sessionLink.hidden = false;
    if (response.pain_rising) {
      ui.flare.hidden = false;
      var link = $("flare-routine");
      if (response.flare_routine) { link.href = response.flare_routine.url; link.textContent = "Try the " + response.flare_routine.name + " routine"; }
      else link.parentNode.hidden = true;
    }
    forget();
    ui.status.focus();
  }

  var WAITING = "Waiting to send. No connection now: your session is kept on this device and is saved as soon as you are back online.";
  document.addEventListener("limber:outbox", function (event) {
    var d = event.detail;
    if (status() !== "sent" || d.id !== S.clientId) return;
    if (d.state === "saved") showSaved(d.response);
    else if (d.state === "waiting") ui.status.textContent = WAITING;
    else if (d.state === "signed-out") ui.status.textContent = "Waiting to send: you are signed out. Log in again on this device and your session is saved; it is kept here until then.";
    else if (d.state === "rejected") ui.status.textContent = "We could not save this session: " + d.message + " You can keep it as a hand-logged session (see the top of the page).";
  });

  // ---- Wiring

  ui.start.addEventListener("click", start);
  ui.pause.addEventListener("click", togglePause);
  ui.skip.addEventListener("click", function () { skip("skipped"); });
  ui.done.addEventListener("click", function () { skip("done"); });
  ui.back.addEventListener("click", back);
  ui.more.addEventListener("click", moreTime);
  ui.end.addEventListener("click", endEarly);
  ui.finishForm.addEventListener("submit", submit);
  ui.mute.addEventListener("click", function () {
    S.muted = !S.muted;
    if (S.muted && "speechSynthesis" in window) speechSynthesis.cancel();
    ui.mute.setAttribute("aria-pressed", S.muted ? "true" : "false");
    ui.mute.textContent = S.muted ? "Sound off" : "Sound on";
    persist();
  });
  if (ui.fullscreen) {
    if (!document.documentElement.requestFullscreen) ui.fullscreen.hidden = true;
    ui.fullscreen.addEventListener("click", function () {
      if (document.fullscreenElement) document.exitFullscreen();
      else ui.root.requestFullscreen().catch(function () { /* refused: the page is full width anyway */ });
    });
  }

  document.addEventListener("keydown", function (event) {
    var state = status();
    if (checkingIn() || state === "finished" || state === "sent" || event.altKey || event.ctrlKey || event.metaKey) return;
    var tag = event.target.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT") return;
    if (event.key === " " || event.key === "Spacebar") {
      // A focused button takes Space itself.
      if (tag === "BUTTON" || tag === "SUMMARY" || tag === "A") return;
      event.preventDefault();
      if (state === "ready") start(); else togglePause();
    } else if (event.key === "ArrowRight") {
      event.preventDefault(); skip("skipped");
    } else if (event.key === "ArrowLeft") {
      event.preventDefault(); back();
    }
  });

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") {
      if (status() === "playing") keepAwake(true);
      tick();
    } else if (running()) {
      schedule(position(now()));
    }
  });

  // ---- The check-in on the same page
  // A clear check-in (checkin.js) starts the player inside the tap, so sound, speech and wake lock may start.

  function resume() {
    if (!running()) return showFinish();
    var p = settle(now());
    if (p.i >= n) return finish(now() - p.into, true);
    show(p); schedule(p); keepAwake(status() === "playing"); persist();
  }

  function showPlayer() {
    if (ui.checkIn) ui.checkIn.hidden = true;
    ui.playing.hidden = false;
    window.scrollTo(0, 0);
  }

  function setUpCheckIn() {
    var state = status();
    if (state !== "ready" && state !== "sent") {
      if (state === "finished") ui.resumeLink.textContent = "Save the session you finished";
      ui.resumeNote.hidden = false;
      ui.resumeLink.addEventListener("click", function (event) {
        event.preventDefault();
        showPlayer();
        resume();
      });
    }
    // For checkin.js, inside the tap on "None of these — start".
    window.LimberPlayer = {
      begin: function (pain) {
        S = fresh();
        S.painBefore = pain;
        S.redFlags = [];
        showPlayer();
        start();
        try { history.replaceState(null, "", D.urls.run); } catch (e) { /* the address stays; a reload asks again */ }
      },
      stop: function () { forget(); }
    };
  }

  // ---- Start up: fresh, or resume where the clock says

  ui.mute.setAttribute("aria-pressed", S.muted ? "true" : "false");
  ui.mute.textContent = S.muted ? "Sound off" : "Sound on";
  if (!D.prefs.sound && !D.prefs.voice) ui.mute.hidden = true;
  ui.start.disabled = false; // the server renders it disabled until this script is ready
  if (ui.checkInForm) {
    setUpCheckIn();
    show({ i: 0, into: 0 });
  } else if (status() !== "ready") {
    resume();
  } else {
    show({ i: 0, into: 0 });
  }
  document.documentElement.classList.add("player-ready");
})();