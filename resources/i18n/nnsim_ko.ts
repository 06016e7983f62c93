<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR" sourcelanguage="en_US">
<context>
    <name>ActivationView</name>
    <message>
        <source>Layer</source>
        <translation>층</translation>
    </message>
    <message>
        <source>Lower plot: histogram of this layer&apos;s z = x·W + b on the training set.</source>
        <translation>아래 그래프: 학습 데이터에서 이 층의 z = x·W + b 분포(히스토그램).</translation>
    </message>
    <message>
        <source>count</source>
        <translation>개수</translation>
    </message>
    <message>
        <source>max f′ = {value}</source>
        <translation>최대 f′ = {value}</translation>
    </message>
    <message>
        <source>&lt;b&gt;Saturated: {percent}&lt;/b&gt; of {layer}&apos;s outputs are within {margin} of {lo} or {hi}, where f′ ≈ 0.</source>
        <translation>&lt;b&gt;포화: {percent}&lt;/b&gt; — {layer}의 출력 중 이만큼이 {lo} 또는 {hi}에서 {margin} 이내에 있어 그곳의 f′ ≈ 0입니다.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Dead: {dead} of {units} units ({percent})&lt;/b&gt; output 0 for every training sample, so they get no gradient.</source>
        <translation>&lt;b&gt;죽은 뉴런: {units}개 중 {dead}개 ({percent})&lt;/b&gt; — 모든 학습 샘플에서 0을 출력하므로 기울기를 전혀 받지 못합니다.</translation>
    </message>
    <message>
        <source>Softmax couples its outputs, so it has no single f′(z); with the softmax cross-entropy loss dL/dz = a − y directly.</source>
        <translation>Softmax는 출력들이 서로 얽혀 있어 하나의 f′(z)가 없습니다. 소프트맥스 교차 엔트로피 손실과 함께 쓰면 곧바로 dL/dz = a − y입니다.</translation>
    </message>
    <message>
        <source>Mean f′(z) on these samples: &lt;b&gt;{value}&lt;/b&gt;.</source>
        <translation>이 샘플들에서 f′(z)의 평균: &lt;b&gt;{value}&lt;/b&gt;.</translation>
    </message>
    <message>
        <source>This is the output layer: with {loss} its dL/dz = a − y directly, so its f′ never multiplies the gradient.</source>
        <translation>이 층은 출력층입니다. {loss}에서는 곧바로 dL/dz = a − y이므로 출력층의 f′는 기울기에 곱해지지 않습니다.</translation>
    </message>
    <message>
        <source>f′ reaches {value}, so a layer need not shrink the gradient on its way back.</source>
        <translation>f′가 {value}까지 이르므로, 역전파에서 층을 지날 때 기울기가 꼭 줄어들지는 않습니다.</translation>
    </message>
    <message>
        <source>Backprop multiplies the gradient by f′(z) at every layer on its way back, the output&apos;s too (with {loss} dL/dz = dL/da × f′(z)): through the one {activation} layer of this network by at most &lt;b&gt;{bound}&lt;/b&gt;.</source>
        <translation>역전파는 지나가는 모든 층에서 기울기에 f′(z)를 곱하며, 출력층도 마찬가지입니다({loss}에서는 dL/dz = dL/da × f′(z)). 이 신경망의 {activation} 층 1개를 지나면 기울기는 많아야 &lt;b&gt;{bound}&lt;/b&gt;배가 됩니다.</translation>
    </message>
    <message>
        <source>Backprop multiplies the gradient by f′(z) at every layer on its way back, the output&apos;s too (with {loss} dL/dz = dL/da × f′(z)): through the {n} {activation} layers of this network by at most &lt;b&gt;{bound}&lt;/b&gt;.</source>
        <translation>역전파는 지나가는 모든 층에서 기울기에 f′(z)를 곱하며, 출력층도 마찬가지입니다({loss}에서는 dL/dz = dL/da × f′(z)). 이 신경망의 {activation} 층 {n}개를 지나면 기울기는 많아야 &lt;b&gt;{bound}&lt;/b&gt;배가 됩니다.</translation>
    </message>
    <message>
        <source>Backprop multiplies the gradient by f′(z) at every hidden layer on its way back; the output&apos;s dL/dz = a − y has no f′ with {loss}. Through the one hidden {activation} layer of this network: at most &lt;b&gt;{bound}&lt;/b&gt;.</source>
        <translation>역전파는 지나가는 모든 은닉층에서 기울기에 f′(z)를 곱합니다. {loss}에서는 출력층의 dL/dz = a − y에 f′가 없습니다. 이 신경망의 {activation} 은닉층 1개를 지나면 기울기는 많아야 &lt;b&gt;{bound}&lt;/b&gt;배가 됩니다.</translation>
    </message>
    <message>
        <source>Backprop multiplies the gradient by f′(z) at every hidden layer on its way back; the output&apos;s dL/dz = a − y has no f′ with {loss}. Through the {n} hidden {activation} layers of this network: at most &lt;b&gt;{bound}&lt;/b&gt;.</source>
        <translation>역전파는 지나가는 모든 은닉층에서 기울기에 f′(z)를 곱합니다. {loss}에서는 출력층의 dL/dz = a − y에 f′가 없습니다. 이 신경망의 {activation} 은닉층 {n}개를 지나면 기울기는 많아야 &lt;b&gt;{bound}&lt;/b&gt;배가 됩니다.</translation>
    </message>
</context>
<context>
    <name>AppContext</name>
    <message>
        <source>The training curves are not valid and were not saved: {0}</source>
        <translation>학습 곡선이 올바르지 않아 저장하지 않았습니다: {0}</translation>
    </message>
</context>
<context>
    <name>AutosaveIndicator</name>
    <message>
        <source>Autosave is off</source>
        <translation>자동 저장 꺼짐</translation>
    </message>
    <message>
        <source>{reason}
Your work is not being backed up automatically: save the experiment yourself to keep it.</source>
        <translation>{reason}
작업이 자동으로 백업되지 않고 있습니다. 작업을 지키려면 실험을 직접 저장하세요.</translation>
    </message>
</context>
<context>
    <name>Autosaver</name>
    <message>
        <source>Autosave is off: cannot create {folder} ({reason})</source>
        <extracomment>Why autosave is off (made in the UI language when asked), or None while it works.</extracomment>
        <translation>자동 저장 꺼짐: {folder} 폴더를 만들 수 없습니다 ({reason})</translation>
    </message>
    <message>
        <source>Autosave is off: cannot lock a session file in {folder}</source>
        <translation>자동 저장 꺼짐: {folder}에 세션 잠금 파일을 만들 수 없습니다</translation>
    </message>
    <message>
        <source>Autosave failed: {reason}</source>
        <translation>자동 저장 실패: {reason}</translation>
    </message>
</context>
<context>
    <name>CaptionBar</name>
    <message>
        <source>Caption</source>
        <extracomment>How long the shortcut overlay stays (ms). The ring&apos;s highlight colours (read on white and black grounds alike). Caption text size, times the theme&apos;s text size. Lines the caption bar shows before its font shrinks. The smallest the caption font gets (times its normal size) to stay within two lines. Shortcut overlay text size, times the theme&apos;s text size. A widget the text must not cover (the caption bar).</extracomment>
        <translation>자막</translation>
    </message>
    <message>
        <source>Open a lesson to see its captions here.</source>
        <translation>수업을 열면 여기에 자막이 나옵니다.</translation>
    </message>
</context>
<context>
    <name>ClipActions</name>
    <message>
        <source>Stop recording clip</source>
        <extracomment>Red, the colour of a record button on every ground. Seconds a closing window waits for the clip&apos;s tail before it shows the progress (and a Cancel): a short tail finishes unseen. Wall time of the first frame (the clip&apos;s time 0). The tail&apos;s progress dialog while one is shown.</extracomment>
        <translation>화면 녹화 중지</translation>
    </message>
    <message>
        <source>Record clip…</source>
        <translation>화면 녹화…</translation>
    </message>
    <message>
        <source>The last clip is still being recorded or saved; wait for it.</source>
        <translation>이전 영상을 아직 녹화하거나 저장하는 중입니다. 끝날 때까지 기다려 주세요.</translation>
    </message>
    <message>
        <source>The view to record is not shown; show it and try again.</source>
        <translation>녹화할 그림이 화면에 보이지 않습니다. 그림을 연 다음 다시 시도하세요.</translation>
    </message>
    <message>
        <source>Recording {name} at 30 frames/s — {keys} stops</source>
        <translation>{name} 녹화 중 (초당 30프레임) — {keys}을(를) 누르면 멈춥니다</translation>
    </message>
    <message>
        <source>Recording stopped: the recorded view is no longer shown. The clip so far is being saved.</source>
        <translation>녹화를 멈췄습니다: 녹화하던 그림이 더 이상 화면에 보이지 않습니다. 지금까지 녹화한 부분은 저장합니다.</translation>
    </message>
    <message>
        <source>Record clip</source>
        <translation>화면 녹화</translation>
    </message>
    <message>
        <source>Encoding the clip…</source>
        <translation>영상 파일을 만드는 중…</translation>
    </message>
    <message>
        <source>Saved the clip {path}</source>
        <translation>영상을 저장했습니다: {path}</translation>
    </message>
    <message>
        <source>Clip cancelled; no file was written</source>
        <translation>녹화를 취소했습니다. 파일은 만들어지지 않았습니다</translation>
    </message>
    <message>
        <source>Clip not saved</source>
        <translation>영상을 저장하지 못했습니다</translation>
    </message>
    <message>
        <source>This copy of PyAV has no H.264 encoder (tried: {encoders}), so it cannot write MP4. Record an animated GIF, or install PyAV&apos;s own build with: {command}</source>
        <translation>설치된 PyAV에 H.264 인코더가 없어(시도한 인코더: {encoders}) MP4를 만들 수 없습니다. 움직이는 GIF로 녹화하거나, 다음 명령으로 PyAV 공식 빌드를 설치하세요: {command}</translation>
    </message>
    <message>
        <source>The clip could not be written to {path}:
{reason}

Nothing else was affected; choose another folder or free some space.</source>
        <translation>{path}에 영상을 저장할 수 없습니다:
{reason}

다른 것에는 영향이 없습니다. 다른 폴더를 고르거나 저장 공간을 확보하세요.</translation>
    </message>
</context>
<context>
    <name>ClipDialog</name>
    <message>
        <source>whole window</source>
        <extracomment>What can be recorded besides the teaching views: key -&gt; name (context &quot;ClipDialog&quot;).</extracomment>
        <translation>창 전체</translation>
    </message>
    <message>
        <source>network view</source>
        <translation>신경망 그림</translation>
    </message>
    <message>
        <source>output view</source>
        <translation>출력 그림</translation>
    </message>
    <message>
        <source>loss plot</source>
        <translation>손실 그래프</translation>
    </message>
    <message>
        <source>per-layer plot</source>
        <translation>층별 그래프</translation>
    </message>
    <message>
        <source>MP4 video (H.264)</source>
        <extracomment>Clip formats: key -&gt; name (context &quot;ClipDialog&quot;).</extracomment>
        <translation>MP4 동영상 (H.264)</translation>
    </message>
    <message>
        <source>animated GIF</source>
        <translation>움직이는 GIF</translation>
    </message>
    <message>
        <source>Clips need the optional video package. Install it with: {command}</source>
        <extracomment>Clip sizes offered; None is the recorded view&apos;s own size.</extracomment>
        <translation>영상 녹화에는 선택 설치 패키지가 필요합니다. 다음 명령으로 설치하세요: {command}</translation>
    </message>
    <message>
        <source>Type a file name for the clip.</source>
        <extracomment>Says what to install when ``nnsim[video]`` is missing (hidden otherwise). What is wrong with the file name after Record was pressed (hidden otherwise).</extracomment>
        <translation>영상 파일 이름을 입력하세요.</translation>
    </message>
    <message>
        <source>{path} is a folder; type a file name in it.</source>
        <translation>{path}은(는) 폴더입니다. 그 안에 저장할 파일 이름을 입력하세요.</translation>
    </message>
    <message>
        <source>Record clip</source>
        <translation>화면 녹화</translation>
    </message>
    <message>
        <source>the view&apos;s own size ({width} × {height})</source>
        <translation>그림의 원래 크기 ({width} × {height})</translation>
    </message>
    <message>
        <source>the view&apos;s own size</source>
        <translation>그림의 원래 크기</translation>
    </message>
    <message>
        <source>Show the lesson caption bar</source>
        <translation>수업 자막 막대 보이기</translation>
    </message>
    <message>
        <source>30 frames per second of real time, however fast the network trains. A view of another shape is centred on the background colour.</source>
        <translation>신경망이 얼마나 빨리 학습하든 실제 시간 기준 초당 30프레임으로 녹화합니다. 화면 비율이 다른 그림은 배경색 위 가운데에 놓입니다.</translation>
    </message>
    <message>
        <source>What to record</source>
        <translation>녹화 대상</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>형식</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>크기</translation>
    </message>
    <message>
        <source>File</source>
        <translation>파일</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>녹화</translation>
    </message>
    <message>
        <source>MP4 video (*.mp4)</source>
        <translation>MP4 동영상 (*.mp4)</translation>
    </message>
    <message>
        <source>Animated GIF (*.gif)</source>
        <translation>움직이는 GIF (*.gif)</translation>
    </message>
    <message>
        <source>Save the clip as</source>
        <translation>영상 저장 위치</translation>
    </message>
</context>
<context>
    <name>CollapseView</name>
    <message>
        <source>{first} … {last} ({n} weight layers)</source>
        <extracomment>Grid cells per axis on which the stack and the single layer are compared. Names of the chained functions in the lab (h is the composition).</extracomment>
        <translation>{first} … {last} (가중치 층 {n}개)</translation>
    </message>
    <message>
        <source>Runs of linear layers in this network</source>
        <translation>이 신경망에서 연달아 있는 선형 층들</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>구간</translation>
    </message>
    <message>
        <source>Collapse into one layer</source>
        <translation>한 층으로 합치기</translation>
    </message>
    <message>
        <source>Replace the run by the single equivalent layer (undo with Ctrl+Z). The decision boundary does not change.</source>
        <translation>이 구간을 같은 일을 하는 한 층으로 바꿉니다 (Ctrl+Z로 되돌리기). 결정 경계는 바뀌지 않습니다.</translation>
    </message>
    <message>
        <source>Hidden layer {n} is linear, so &lt;b&gt;{factors}&lt;/b&gt; = &lt;b&gt;W&lt;sub&gt;eff&lt;/sub&gt;&lt;/b&gt; ({shape}), then {activation}: one layer.</source>
        <translation>은닉층 {n}의 활성화 함수가 선형이므로 &lt;b&gt;{factors}&lt;/b&gt; = &lt;b&gt;W&lt;sub&gt;eff&lt;/sub&gt;&lt;/b&gt; ({shape}), 그다음 {activation}: 한 층입니다.</translation>
    </message>
    <message>
        <source>Hidden layers {first} to {last} are linear, so &lt;b&gt;{factors}&lt;/b&gt; = &lt;b&gt;W&lt;sub&gt;eff&lt;/sub&gt;&lt;/b&gt; ({shape}), then {activation}: one layer.</source>
        <translation>은닉층 {first}부터 {last}까지의 활성화 함수가 모두 선형이므로 &lt;b&gt;{factors}&lt;/b&gt; = &lt;b&gt;W&lt;sub&gt;eff&lt;/sub&gt;&lt;/b&gt; ({shape}), 그다음 {activation}: 한 층입니다.</translation>
    </message>
    <message>
        <source>Largest difference between the stack and the single layer on a {grid}×{grid} grid: &lt;b&gt;{diff}&lt;/b&gt; (rounding only; the network output differs by {network}).</source>
        <translation>{grid}×{grid} 격자에서 여러 층과 한 층의 가장 큰 차이: &lt;b&gt;{diff}&lt;/b&gt; (반올림 오차뿐입니다. 신경망 출력의 차이는 {network}).</translation>
    </message>
    <message>
        <source>This network has no hidden layer left: the inputs go straight into the output layer, which is already a single layer, so there is nothing to merge.</source>
        <translation>이 신경망에는 은닉층이 남아 있지 않습니다. 입력이 곧바로 출력층으로 들어가는 한 층짜리 신경망이므로 합칠 층이 없습니다.</translation>
    </message>
    <message>
        <source>No two neighbouring layers can be merged: every hidden layer has a non-linear activation. Set a hidden layer to &lt;b&gt;Linear&lt;/b&gt; and it collapses into the layer after it.</source>
        <translation>합칠 수 있는 이웃한 두 층이 없습니다. 모든 은닉층의 활성화 함수가 비선형입니다. 은닉층 하나를 &lt;b&gt;Linear&lt;/b&gt;로 바꾸면 그 층은 다음 층과 한 층으로 합쳐집니다.</translation>
    </message>
</context>
<context>
    <name>ColorBar</name>
    <message>
        <source>One colour scale for data, neuron and weight values:
orange = negative / class 0, white = 0 / undecided, blue = positive / class 1.</source>
        <extracomment>The colour key&apos;s text, relative to the application font. The size hint may have changed (mode, language, theme): for a parent that lays the key out by hand (:class:`~nnsim.gui.views.boundary.OutputView`).</extracomment>
        <translation>데이터, 뉴런, 가중치 값에 쓰는 하나의 색 척도:
주황 = 음수 / 클래스 0, 흰색 = 0 / 미정, 파랑 = 양수 / 클래스 1.</translation>
    </message>
    <message>
        <source>Colours show data, neuron and weight values</source>
        <translation>색은 데이터, 뉴런, 가중치의 값을 나타냅니다</translation>
    </message>
    <message>
        <source>probability of the blue class</source>
        <translation>파란 클래스일 확률</translation>
    </message>
    <message>
        <source>predicted value</source>
        <translation>예측값</translation>
    </message>
    <message>
        <source>winning class (paler: less sure)</source>
        <translation>예측 클래스 (옅을수록 덜 확실)</translation>
    </message>
</context>
<context>
    <name>CompareWindow</name>
    <message>
        <source>Compare A / B — nnsim</source>
        <extracomment>Line styles of the two runs. Lockstep polling interval (ms). The loss curves&apos; colour (A and B differ by their dash), and the curves&apos; width. The status line, made in the UI language when it is shown.</extracomment>
        <translation>A / B 비교 — nnsim</translation>
    </message>
    <message>
        <source>B: hidden activation</source>
        <translation>B: 은닉층 활성화 함수</translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>학습률</translation>
    </message>
    <message>
        <source>steps/round</source>
        <translation>회당 단계</translation>
    </message>
    <message>
        <source>Steps per lockstep round</source>
        <translation>한 회에 두 실행이 함께 학습하는 단계 수</translation>
    </message>
    <message>
        <source>Play both</source>
        <translation>둘 다 학습</translation>
    </message>
    <message>
        <source>Train A and B in lockstep rounds until paused</source>
        <translation>일시정지할 때까지 A와 B를 같은 단계씩 번갈아 학습합니다</translation>
    </message>
    <message>
        <source>Step both</source>
        <translation>둘 다 한 회 학습</translation>
    </message>
    <message>
        <source>Train A and B one round of steps</source>
        <translation>A와 B를 한 회만큼 학습합니다</translation>
    </message>
    <message>
        <source>Reset both</source>
        <translation>둘 다 초기화</translation>
    </message>
    <message>
        <source>Fresh weights from the seed and step 0 for both</source>
        <translation>둘 다 시드로 가중치를 새로 만들고 0단계로</translation>
    </message>
    <message>
        <source>&lt;b&gt;Run B&lt;/b&gt; (A&apos;s data and seed)</source>
        <translation>&lt;b&gt;실행 B&lt;/b&gt; (A의 데이터와 시드)</translation>
    </message>
    <message>
        <source>step</source>
        <translation>단계</translation>
    </message>
    <message>
        <source>training loss</source>
        <translation>학습 손실</translation>
    </message>
    <message>
        <source>gradient norm ‖dW‖</source>
        <translation>기울기 크기 ‖dW‖</translation>
    </message>
    <message>
        <source>no hidden layer</source>
        <translation>은닉층 없음</translation>
    </message>
    <message>
        <source>{activations} · learning rate {rate:g}</source>
        <translation>{activations} · 학습률 {rate:g}</translation>
    </message>
    <message>
        <source>&lt;b&gt;A&lt;/b&gt; (solid): {description}</source>
        <translation>&lt;b&gt;A&lt;/b&gt; (실선): {description}</translation>
    </message>
    <message>
        <source>&lt;b&gt;B&lt;/b&gt; (dashed): {description}</source>
        <translation>&lt;b&gt;B&lt;/b&gt; (점선): {description}</translation>
    </message>
    <message>
        <source>Run {run} stopped: {reason}</source>
        <translation>실행 {run} 멈춤: {reason}</translation>
    </message>
    <message>
        <source>A: step {a} · B: step {b}</source>
        <translation>A: {a}단계 · B: {b}단계</translation>
    </message>
</context>
<context>
    <name>CompositionLab</name>
    <message>
        <source>Add function</source>
        <translation>함수 추가</translation>
    </message>
    <message>
        <source>Chain one more linear function after the last one</source>
        <translation>마지막 함수 뒤에 선형 함수를 하나 더 잇습니다</translation>
    </message>
    <message>
        <source>Remove last</source>
        <translation>마지막 함수 삭제</translation>
    </message>
    <message>
        <source>Remove the last function of the chain</source>
        <translation>이어진 함수 중 마지막 함수를 삭제합니다</translation>
    </message>
    <message>
        <source>Lecture example</source>
        <translation>강의 예제</translation>
    </message>
    <message>
        <source>The lecture&apos;s example: {f}, {g}, x = 10</source>
        <translation>강의 예제: {f}, {g}, x = 10</translation>
    </message>
    <message>
        <source>input  x =</source>
        <translation>입력  x =</translation>
    </message>
    <message>
        <source>Whatever the coefficients, the chain is again one linear function: stacking linear layers adds no power.</source>
        <translation>계수가 무엇이든 이어 붙인 결과는 다시 하나의 선형 함수입니다. 선형 층을 쌓아도 표현력은 늘지 않습니다.</translation>
    </message>
    <message>
        <source>Step by step: {steps}</source>
        <translation>단계별 계산: {steps}</translation>
    </message>
</context>
<context>
    <name>Controls</name>
    <message>
        <source>Data set</source>
        <translation>데이터셋</translation>
    </message>
    <message>
        <source>Noise</source>
        <translation>잡음</translation>
    </message>
    <message>
        <source>Training share</source>
        <translation>학습 데이터 비율</translation>
    </message>
    <message>
        <source>Samples</source>
        <translation>샘플 수</translation>
    </message>
    <message>
        <source>Classes</source>
        <translation>클래스 수</translation>
    </message>
    <message>
        <source>Data seed</source>
        <translation>데이터 시드</translation>
    </message>
    <message>
        <source>Input features</source>
        <translation>입력 특성</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>학습률</translation>
    </message>
    <message>
        <source>Activation</source>
        <translation>활성화 함수</translation>
    </message>
    <message>
        <source>Hidden layers</source>
        <translation>은닉층</translation>
    </message>
    <message>
        <source>Neurons</source>
        <translation>뉴런 수</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>출력</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>손실</translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation>최적화 방법</translation>
    </message>
    <message>
        <source>Regularisation</source>
        <translation>정규화</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>배치 크기</translation>
    </message>
    <message>
        <source>Weight seed</source>
        <translation>가중치 시드</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>정지 조건</translation>
    </message>
</context>
<context>
    <name>ControlsMenu</name>
    <message>
        <source>Show/hide &amp;controls</source>
        <translation>컨트롤 표시/숨기기(&amp;C)</translation>
    </message>
    <message>
        <source>Show {control}</source>
        <translation>{control} 표시</translation>
    </message>
    <message>
        <source>Hide {control}</source>
        <translation>{control} 숨기기</translation>
    </message>
</context>
<context>
    <name>CsvImport</name>
    <message>
        <source>{file} holds the data already in use</source>
        <translation>{file}의 데이터를 이미 쓰고 있습니다</translation>
    </message>
    <message>
        <source>Import {file}</source>
        <translation>{file} 가져오기</translation>
    </message>
    <message>
        <source>Not applied: {error}</source>
        <translation>적용하지 않음: {error}</translation>
    </message>
</context>
<context>
    <name>CsvImportDialog</name>
    <message>
        <source>inferred from the target</source>
        <extracomment>Rows shown in the preview table. The target&apos;s kinds: (menu text, a translatable Message; task).</extracomment>
        <translation>목표값을 보고 판단</translation>
    </message>
    <message>
        <source>class</source>
        <translation>클래스</translation>
    </message>
    <message>
        <source>value</source>
        <translation>값</translation>
    </message>
    <message>
        <source>Import {file}</source>
        <extracomment>The message shown now, made in the UI language when it is shown (or None).</extracomment>
        <translation>{file} 가져오기</translation>
    </message>
    <message>
        <source>First rows of {file}:</source>
        <translation>{file}의 처음 몇 행:</translation>
    </message>
    <message>
        <source>x₁ column</source>
        <translation>x₁ 열</translation>
    </message>
    <message>
        <source>x₂ column</source>
        <translation>x₂ 열</translation>
    </message>
    <message>
        <source>target column</source>
        <translation>목표값 열</translation>
    </message>
    <message>
        <source>target is a</source>
        <translation>목표값의 종류</translation>
    </message>
    <message>
        <source>none (1-D data)</source>
        <translation>없음 (1차원 데이터)</translation>
    </message>
    <message>
        <source>{rows} rows; the first {shown} are shown.</source>
        <translation>{rows}행 중 처음 {shown}행을 보여 줍니다.</translation>
    </message>
    <message>
        <source>column {n}</source>
        <translation>{n}열</translation>
    </message>
</context>
<context>
    <name>DataPanel</name>
    <message>
        <source>Points drawn by hand or imported from a CSV file</source>
        <translation>직접 찍거나 CSV 파일에서 가져온 점</translation>
    </message>
    <message>
        <source>classification, {dims}-D</source>
        <translation>분류, {dims}차원</translation>
    </message>
    <message>
        <source>regression, {dims}-D</source>
        <translation>회귀, {dims}차원</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>다시 생성</translation>
    </message>
    <message>
        <source>Draw new data points (next data seed)</source>
        <translation>새 데이터 점 만들기 (다음 데이터 시드)</translation>
    </message>
    <message>
        <source>Feed {feature} into the network</source>
        <translation>신경망 입력에 {feature} 넣기</translation>
    </message>
    <message>
        <source>Regenerate data</source>
        <translation>데이터 다시 생성</translation>
    </message>
    <message>
        <source>Feature {feature}</source>
        <translation>특성 {feature}</translation>
    </message>
</context>
<context>
    <name>DataSourceButtons</name>
    <message>
        <source>Import CSV…</source>
        <translation>CSV 가져오기…</translation>
    </message>
</context>
<context>
    <name>Datasets</name>
    <message>
        <source>Custom data</source>
        <extracomment>Display label of points drawn by hand or imported from CSV (``DataSpec.dataset == &quot;custom&quot;``, or an imported file&apos;s entry). The built-in sets&apos; labels above are names (Circle, Spiral, ...) and stay English; this one is translated.</extracomment>
        <translation>직접 만든 데이터</translation>
    </message>
    <message>
        <source>{n:,} bytes</source>
        <translation>{n:,}바이트</translation>
    </message>
    <message>
        <source>The target column has {n} different whole numbers, so it is read as {n} classes. Choose “value” to predict it as a number instead.</source>
        <extracomment>The CSV reader&apos;s name for :data:`MAX_DATA_VALUE` (the same object, not a second limit).</extracomment>
        <translation>목표값 열에 서로 다른 정수가 {n}가지 있어 {n}개의 클래스로 읽습니다. 숫자로 예측하려면 “값”을 고르세요.</translation>
    </message>
    <message>
        <source>The target column has {n:,} different whole numbers, more than the {max} classes nnsim can show, so it is treated as a value to predict (regression), not as class labels.</source>
        <translation>목표값 열에 서로 다른 정수가 {n:,}가지 있어 nnsim이 보여 줄 수 있는 클래스 수({max}개)보다 많습니다. 그래서 클래스 레이블이 아니라 예측할 값(회귀)으로 다룹니다.</translation>
    </message>
    <message>
        <source>The target column holds fractions, so it is treated as a value to predict (regression).</source>
        <translation>목표값 열에 소수가 있어 예측할 값(회귀)으로 다룹니다.</translation>
    </message>
    <message>
        <source>row {row}, column {column}: {reason}</source>
        <translation>{row}행 {column}열: {reason}</translation>
    </message>
    <message>
        <source>row {row}: {reason}</source>
        <translation>{row}행: {reason}</translation>
    </message>
    <message>
        <source>column {column}: {reason}</source>
        <translation>{column}열: {reason}</translation>
    </message>
    <message>
        <source>the cell is empty (every cell must hold a number)</source>
        <translation>셀이 비어 있습니다 (모든 셀에 숫자가 있어야 합니다)</translation>
    </message>
    <message>
        <source>{cell} is too large (numbers must lie within ±{max:g}; rescale the data)</source>
        <translation>{cell}은(는) 너무 큽니다 (숫자는 ±{max:g} 안에 있어야 합니다. 데이터의 단위를 줄이세요)</translation>
    </message>
    <message>
        <source>{cell} is not allowed: every cell must be a finite number (missing values, NaN and infinity cannot be trained on)</source>
        <translation>{cell}은(는) 쓸 수 없습니다: 모든 셀은 유한한 숫자여야 합니다 (빈 값, NaN, 무한대로는 학습할 수 없습니다)</translation>
    </message>
    <message>
        <source>{cell} is not a number (use a dot as the decimal separator)</source>
        <translation>{cell}은(는) 숫자가 아닙니다 (소수점은 점(.)으로 쓰세요)</translation>
    </message>
    <message>
        <source>{cell} is not a number</source>
        <translation>{cell}은(는) 숫자가 아닙니다</translation>
    </message>
    <message>
        <source>the file has too many lines (nnsim holds at most {max} points)</source>
        <extracomment>Delimiters a data file may use, in order of preference when several fit. Non-blank lines looked at to choose the delimiter (a header and a few data rows).</extracomment>
        <translation>파일의 줄이 너무 많습니다 (nnsim은 점을 최대 {max}개까지 다룹니다)</translation>
    </message>
    <message>
        <source>the line is too long ({n} characters)</source>
        <translation>줄이 너무 깁니다 ({n}자)</translation>
    </message>
    <message>
        <source>more than {max} columns</source>
        <translation>열이 {max}개보다 많습니다</translation>
    </message>
    <message>
        <source>a quote mark is not closed</source>
        <translation>따옴표가 닫히지 않았습니다</translation>
    </message>
    <message>
        <source>the line cannot be split into cells ({error})</source>
        <translation>줄을 셀로 나눌 수 없습니다 ({error})</translation>
    </message>
    <message>
        <source>column {j}</source>
        <translation>{j}열</translation>
    </message>
    <message>
        <source>an extra cell: this row has {n} cells but row {first} has {ncols}</source>
        <translation>셀이 남습니다: 이 행은 셀이 {n}개인데 {first}행은 {ncols}개입니다</translation>
    </message>
    <message>
        <source>a missing cell: this row has {n} cells but row {first} has {ncols}</source>
        <translation>셀이 모자랍니다: 이 행은 셀이 {n}개인데 {first}행은 {ncols}개입니다</translation>
    </message>
    <message>
        <source>more than {max} data rows (nnsim holds at most that many)</source>
        <translation>데이터 행이 {max}개보다 많습니다 (nnsim은 그만큼까지만 다룹니다)</translation>
    </message>
    <message>
        <source>the file is empty (no rows with values)</source>
        <translation>파일이 비어 있습니다 (값이 있는 행이 없습니다)</translation>
    </message>
    <message>
        <source>the file has a header (row {row}) but no rows of numbers</source>
        <translation>파일에 머리글({row}행)은 있지만 숫자 행이 없습니다</translation>
    </message>
    <message>
        <source>byte 0x{byte:02x} is not UTF-8 text (save the file as UTF-8 CSV)</source>
        <translation>바이트 0x{byte:02x}은(는) UTF-8 텍스트가 아닙니다 (파일을 UTF-8 CSV로 저장하세요)</translation>
    </message>
    <message>
        <source>the file has one column; it needs input columns and a target column</source>
        <translation>파일에 열이 하나뿐입니다. 입력 열과 목표값 열이 필요합니다</translation>
    </message>
    <message>
        <source>the file has {n} data rows; at least {min} are needed</source>
        <translation>파일의 데이터 행이 {n}개입니다. 최소 {min}개가 필요합니다</translation>
    </message>
    <message>
        <source>there is no target column with index {index}: the file has {m} columns</source>
        <translation>번호가 {index}인 목표값 열이 없습니다: 파일의 열은 {m}개입니다</translation>
    </message>
    <message>
        <source>there is no input column with index {index}: the file has {m} columns</source>
        <translation>번호가 {index}인 입력 열이 없습니다: 파일의 열은 {m}개입니다</translation>
    </message>
    <message>
        <source>the target column cannot also be an input</source>
        <translation>목표값 열을 입력으로도 쓸 수는 없습니다</translation>
    </message>
    <message>
        <source>an input column is chosen twice</source>
        <translation>같은 입력 열을 두 번 골랐습니다</translation>
    </message>
    <message>
        <source>{n} input columns; nnsim plots 1 or 2 (choose which columns are inputs)</source>
        <translation>입력 열이 {n}개입니다. nnsim은 1개나 2개만 그릴 수 있습니다 (입력으로 쓸 열을 고르세요)</translation>
    </message>
    <message>
        <source>every target is {value:g}; a target column needs at least 2 different values</source>
        <translation>목표값이 모두 {value:g}입니다. 목표값 열에는 서로 다른 값이 2개 이상 있어야 합니다</translation>
    </message>
    <message>
        <source>class label {value:g} is not a whole number</source>
        <translation>클래스 레이블 {value:g}은(는) 정수가 아닙니다</translation>
    </message>
    <message>
        <source>{n} different class labels; at most {max}</source>
        <translation>클래스 레이블이 {n}가지입니다. 최대 {max}가지까지 됩니다</translation>
    </message>
</context>
<context>
    <name>DrawMode</name>
    <message>
        <source>at most {n} points</source>
        <translation>점은 최대 {n}개까지입니다</translation>
    </message>
    <message>
        <source>at least 2 points are needed</source>
        <translation>점이 2개 이상 있어야 합니다</translation>
    </message>
    <message>
        <source>&amp;Draw data points</source>
        <translation>데이터 점 그리기(&amp;D)</translation>
    </message>
    <message>
        <source>Draw data points</source>
        <translation>데이터 점 그리기</translation>
    </message>
    <message>
        <source>Left-click adds a point of the chosen class (keys 1-8), right-click removes one</source>
        <translation>왼쪽 클릭으로 고른 클래스의 점을 더하고 (1-8 키), 오른쪽 클릭으로 지웁니다</translation>
    </message>
    <message>
        <source>Class {n}</source>
        <translation>클래스 {n}</translation>
    </message>
    <message>
        <source>class {n}</source>
        <translation>클래스 {n}</translation>
    </message>
    <message>
        <source>The class of the next point (keys 1-8)</source>
        <translation>다음에 찍을 점의 클래스 (1-8 키)</translation>
    </message>
    <message>
        <source>Regression: the value of the next point</source>
        <translation>회귀: 다음에 찍을 점의 값</translation>
    </message>
    <message>
        <source>click: add (the value) · right-click: remove</source>
        <translation>클릭: 추가 (값) · 오른쪽 클릭: 삭제</translation>
    </message>
    <message>
        <source>click: add (class {n}) · right-click: remove</source>
        <translation>클릭: 추가 (클래스 {n}) · 오른쪽 클릭: 삭제</translation>
    </message>
    <message>
        <source>Draw a point</source>
        <translation>점 찍기</translation>
    </message>
    <message>
        <source>Remove a point</source>
        <translation>점 지우기</translation>
    </message>
    <message>
        <source>Not applied: {error}</source>
        <translation>적용하지 않음: {error}</translation>
    </message>
</context>
<context>
    <name>Edits</name>
    <message>
        <source>Only a run of at least two neighbouring layers can be collapsed.</source>
        <translation>이웃한 층이 두 개 이상 이어진 구간만 합칠 수 있습니다.</translation>
    </message>
    <message>
        <source>Only linear layers collapse into the layer after them; this run has a non-linear one.</source>
        <translation>선형층만 다음 층과 합쳐집니다. 이 구간에는 비선형 층이 있습니다.</translation>
    </message>
    <message>
        <source>Collapse {n} layers into one</source>
        <translation>{n}개 층을 한 층으로 합치기</translation>
    </message>
    <message>
        <source>There is no hidden layer {n}.</source>
        <translation>은닉층 {n}이(가) 없습니다.</translation>
    </message>
    <message>
        <source>A layer needs at least one neuron; remove the layer instead.</source>
        <translation>층에는 뉴런이 하나 이상 있어야 합니다. 대신 층을 삭제하세요.</translation>
    </message>
    <message>
        <source>A layer&apos;s width is a whole number of neurons, not {value}.</source>
        <translation>층의 너비는 뉴런의 개수(정수)여야 합니다. {value}은(는) 안 됩니다.</translation>
    </message>
    <message>
        <source>A layer has at most {max} neurons.</source>
        <translation>층의 뉴런은 최대 {max}개입니다.</translation>
    </message>
    <message>
        <source>A bias must be a number, not {value}.</source>
        <translation>편향은 숫자여야 합니다. {value}은(는) 안 됩니다.</translation>
    </message>
    <message>
        <source>A weight must be a number, not {value}.</source>
        <translation>가중치는 숫자여야 합니다. {value}은(는) 안 됩니다.</translation>
    </message>
    <message>
        <source>A bias must be a finite number.</source>
        <translation>편향은 유한한 숫자여야 합니다.</translation>
    </message>
    <message>
        <source>A weight must be a finite number.</source>
        <translation>가중치는 유한한 숫자여야 합니다.</translation>
    </message>
    <message>
        <source>output</source>
        <translation>출력</translation>
    </message>
    <message>
        <source>output {n}</source>
        <translation>출력 {n}</translation>
    </message>
    <message>
        <source>neuron {n} of layer {layer}</source>
        <translation>층 {layer}의 뉴런 {n}</translation>
    </message>
    <message>
        <source>A network has at most {max} hidden layers.</source>
        <translation>신경망의 은닉층은 최대 {max}개입니다.</translation>
    </message>
    <message>
        <source>A new layer goes between the inputs and the output.</source>
        <translation>새 층은 입력과 출력 사이에 들어갑니다.</translation>
    </message>
    <message>
        <source>{activation} cannot be used in a hidden layer.</source>
        <translation>{activation}은(는) 은닉층에 쓸 수 없습니다.</translation>
    </message>
    <message>
        <source>Insert hidden layer {n}</source>
        <translation>은닉층 {n} 추가</translation>
    </message>
    <message>
        <source>The inputs cannot be removed; switch features off instead.</source>
        <translation>입력은 삭제할 수 없습니다. 대신 특성을 끄세요.</translation>
    </message>
    <message>
        <source>The output layer cannot be removed.</source>
        <translation>출력층은 삭제할 수 없습니다.</translation>
    </message>
    <message>
        <source>Remove hidden layer {n}</source>
        <translation>은닉층 {n} 삭제</translation>
    </message>
    <message>
        <source>The inputs stay first; only hidden layers can be moved.</source>
        <translation>입력은 늘 맨 앞에 있습니다. 은닉층만 옮길 수 있습니다.</translation>
    </message>
    <message>
        <source>The output stays last; only hidden layers can be moved.</source>
        <translation>출력은 늘 맨 뒤에 있습니다. 은닉층만 옮길 수 있습니다.</translation>
    </message>
    <message>
        <source>Move hidden layer {n} to position {position}</source>
        <translation>은닉층 {n}을(를) {position}번째 자리로 옮기기</translation>
    </message>
    <message>
        <source>The inputs are the features switched on; switch features on or off instead.</source>
        <translation>입력은 켜 놓은 특성입니다. 대신 특성을 켜거나 끄세요.</translation>
    </message>
    <message>
        <source>The output has one neuron per class (one for regression); its size is fixed.</source>
        <translation>출력층의 뉴런은 클래스마다 하나(회귀는 하나)라서 크기가 정해져 있습니다.</translation>
    </message>
    <message>
        <source>Hidden layer {n}: 1 neuron</source>
        <translation>은닉층 {n}: 뉴런 1개</translation>
    </message>
    <message>
        <source>Hidden layer {n}: {width} neurons</source>
        <translation>은닉층 {n}: 뉴런 {width}개</translation>
    </message>
    <message>
        <source>Switch the feature off instead of removing it.</source>
        <translation>특성은 삭제하지 말고 끄세요.</translation>
    </message>
    <message>
        <source>The output has one neuron per class (one for regression); its neurons cannot be removed.</source>
        <translation>출력층의 뉴런은 클래스마다 하나(회귀는 하나)라서 삭제할 수 없습니다.</translation>
    </message>
    <message>
        <source>Hidden layer {n} has no neuron {unit}.</source>
        <translation>은닉층 {n}에는 뉴런 {unit}이(가) 없습니다.</translation>
    </message>
    <message>
        <source>Remove neuron {unit} of hidden layer {n}</source>
        <translation>은닉층 {n}의 뉴런 {unit} 삭제</translation>
    </message>
    <message>
        <source>Unknown activation {name}.</source>
        <translation>알 수 없는 활성화 함수 {name}입니다.</translation>
    </message>
    <message>
        <source>The inputs have no activation.</source>
        <translation>입력에는 활성화 함수가 없습니다.</translation>
    </message>
    <message>
        <source>{loss} cannot be used with a {activation} output; choose another loss first.</source>
        <translation>{loss} 손실은 {activation} 출력에 쓸 수 없습니다. 먼저 다른 손실을 고르세요.</translation>
    </message>
    <message>
        <source>Output activation: {activation}</source>
        <translation>출력 활성화 함수: {activation}</translation>
    </message>
    <message>
        <source>{activation} can only be the output layer&apos;s activation.</source>
        <translation>{activation}은(는) 출력층의 활성화 함수로만 쓸 수 있습니다.</translation>
    </message>
    <message>
        <source>Hidden layer {n}: {activation}</source>
        <translation>은닉층 {n}: {activation}</translation>
    </message>
    <message>
        <source>A network has 0 to {max} hidden layers.</source>
        <translation>신경망의 은닉층은 0개에서 {max}개까지입니다.</translation>
    </message>
    <message>
        <source>Hidden layers</source>
        <translation>은닉층 수</translation>
    </message>
    <message>
        <source>There is no hidden layer to resize.</source>
        <translation>크기를 바꿀 은닉층이 없습니다.</translation>
    </message>
    <message>
        <source>Neurons per layer</source>
        <translation>층별 뉴런 수</translation>
    </message>
    <message>
        <source>Unknown input feature {name}.</source>
        <translation>알 수 없는 입력 특성 {name}입니다.</translation>
    </message>
    <message>
        <source>At least one input feature must stay on.</source>
        <translation>입력 특성은 하나 이상 켜져 있어야 합니다.</translation>
    </message>
    <message>
        <source>The feature {feature} needs 2-D data; this data set is 1-D.</source>
        <translation>특성 {feature}에는 2차원 데이터가 필요합니다. 이 데이터셋은 1차원입니다.</translation>
    </message>
    <message>
        <source>Feature {feature} off</source>
        <translation>특성 {feature} 끄기</translation>
    </message>
    <message>
        <source>Feature {feature} on</source>
        <translation>특성 {feature} 켜기</translation>
    </message>
    <message>
        <source>There is no weight layer {layer}.</source>
        <translation>가중치 층 {layer}이(가) 없습니다.</translation>
    </message>
    <message>
        <source>Weight layer {layer} has no link {src} -&gt; {dst}.</source>
        <translation>가중치 층 {layer}에는 {src} -&gt; {dst} 연결이 없습니다.</translation>
    </message>
    <message>
        <source>Weight {src} → {dst} = {value:.3g}</source>
        <translation>가중치 {src} → {dst} = {value:.3g}</translation>
    </message>
    <message>
        <source>Input features have no bias.</source>
        <translation>입력 특성에는 편향이 없습니다.</translation>
    </message>
    <message>
        <source>There is no such bias.</source>
        <translation>그런 편향은 없습니다.</translation>
    </message>
    <message>
        <source>Bias of {unit} = {value:.3g}</source>
        <translation>{unit}의 편향 = {value:.3g}</translation>
    </message>
</context>
<context>
    <name>Experiment</name>
    <message>
        <source>{field}: {reason}</source>
        <translation>{field}: {reason}</translation>
    </message>
    <message>
        <source>unknown data set {name}; known: {known}</source>
        <extracomment>Panel controls a lesson hides (names from :data:`~nnsim.core.controls.CONTROLS`). Lecture pace, how much training one display frame shows (a :data:`~nnsim.core.pace.PACES` name). Like :attr:`hidden_controls` it is a presentation setting: changing it never resets or retrains anything. The training curves of the run that produced :attr:`weights`, up to :attr:`step` (:mod:`nnsim.core.saved_history`); only ever with weights.</extracomment>
        <translation>알 수 없는 데이터셋 {name}입니다. 쓸 수 있는 것: {known}</translation>
    </message>
    <message>
        <source>the &apos;custom&apos; data set needs points</source>
        <translation>&apos;custom&apos; 데이터셋에는 점이 있어야 합니다</translation>
    </message>
    <message>
        <source>at least one input feature must be on</source>
        <translation>입력 특성을 하나 이상 켜야 합니다</translation>
    </message>
    <message>
        <source>a feature is listed twice</source>
        <translation>같은 특성이 두 번 들어 있습니다</translation>
    </message>
    <message>
        <source>unknown feature {name}; known: {known}</source>
        <translation>알 수 없는 특성 {name}입니다. 쓸 수 있는 것: {known}</translation>
    </message>
    <message>
        <source>{name} needs 2-D data, this data set is 1-D</source>
        <translation>{name}에는 2차원 데이터가 필요한데, 이 데이터셋은 1차원입니다</translation>
    </message>
    <message>
        <source>{n} hidden layers; at most {max}</source>
        <translation>은닉층이 {n}개입니다. 최대 {max}개까지 됩니다</translation>
    </message>
    <message>
        <source>must be a layer</source>
        <translation>층이어야 합니다</translation>
    </message>
    <message>
        <source>unknown activation {name}; known: {known}</source>
        <translation>알 수 없는 활성화 함수 {name}입니다. 쓸 수 있는 것: {known}</translation>
    </message>
    <message>
        <source>unknown output activation {name}; known: {known}</source>
        <translation>알 수 없는 출력 활성화 함수 {name}입니다. 쓸 수 있는 것: {known}</translation>
    </message>
    <message>
        <source>unknown loss {name}; known: {known}</source>
        <translation>알 수 없는 손실 {name}입니다. 쓸 수 있는 것: {known}</translation>
    </message>
    <message>
        <source>{loss} cannot be used with a {activation} output</source>
        <translation>{loss} 손실은 {activation} 출력에 쓸 수 없습니다</translation>
    </message>
    <message>
        <source>regression needs the mse loss</source>
        <translation>회귀에는 mse 손실을 써야 합니다</translation>
    </message>
    <message>
        <source>{n} classes need the softmax_ce loss</source>
        <translation>클래스가 {n}개이면 softmax_ce 손실을 써야 합니다</translation>
    </message>
    <message>
        <source>two classes use bce or mse, not softmax_ce</source>
        <translation>클래스가 2개이면 softmax_ce가 아니라 bce나 mse를 씁니다</translation>
    </message>
    <message>
        <source>unknown optimizer {name}; known: {known}</source>
        <translation>알 수 없는 최적화 방법 {name}입니다. 쓸 수 있는 것: {known}</translation>
    </message>
    <message>
        <source>must be one of {names}</source>
        <translation>{names} 중 하나여야 합니다</translation>
    </message>
    <message>
        <source>unknown initialiser {name}; known: {known}</source>
        <translation>알 수 없는 초기화 방법 {name}입니다. 쓸 수 있는 것: {known}</translation>
    </message>
    <message>
        <source>must be text of at most 500 characters</source>
        <translation>500자 이하의 텍스트여야 합니다</translation>
    </message>
    <message>
        <source>expected {n} layers of weights for this architecture</source>
        <translation>이 구조에는 가중치 층이 {n}개 있어야 합니다</translation>
    </message>
    <message>
        <source>malformed experiment ({error})</source>
        <translation>실험 파일의 형식이 잘못되었습니다 ({error})</translation>
    </message>
    <message>
        <source>training curves need the weights they belong to</source>
        <translation>학습 곡선에는 그 곡선이 만든 가중치가 함께 있어야 합니다</translation>
    </message>
    <message>
        <source>contains NaN or infinity</source>
        <translation>NaN 또는 무한대가 들어 있습니다</translation>
    </message>
    <message>
        <source>must be a finite number</source>
        <translation>유한한 숫자여야 합니다</translation>
    </message>
    <message>
        <source>number is too large</source>
        <translation>숫자가 너무 큽니다</translation>
    </message>
    <message>
        <source>the file is too large to be an experiment</source>
        <translation>실험 파일이라기에는 파일이 너무 큽니다</translation>
    </message>
    <message>
        <source>must be &apos;classification&apos; or &apos;regression&apos;</source>
        <translation>&apos;classification&apos; 또는 &apos;regression&apos;이어야 합니다</translation>
    </message>
    <message>
        <source>must be a whole number, got {value}</source>
        <translation>정수여야 합니다. 입력값: {value}</translation>
    </message>
    <message>
        <source>must be a number, got {value}</source>
        <translation>숫자여야 합니다. 입력값: {value}</translation>
    </message>
    <message>
        <source>shape {shape}, expected {expected}</source>
        <translation>모양이 {shape}입니다. {expected}이어야 합니다</translation>
    </message>
    <message>
        <source>must be between {lo} and {hi}, got {value}</source>
        <translation>{lo}에서 {hi} 사이여야 합니다. 입력값: {value}</translation>
    </message>
    <message>
        <source>must be above {lo} and at most {hi}, got {value:g}</source>
        <translation>{lo}보다 크고 {hi} 이하여야 합니다. 입력값: {value:g}</translation>
    </message>
    <message>
        <source>must be at least {lo} and at most {hi}, got {value:g}</source>
        <translation>{lo} 이상 {hi} 이하여야 합니다. 입력값: {value:g}</translation>
    </message>
    <message>
        <source>must be an object, got {type}</source>
        <translation>객체여야 합니다. 입력값의 종류: {type}</translation>
    </message>
    <message>
        <source>unknown field (check the spelling)</source>
        <translation>알 수 없는 항목입니다 (철자를 확인하세요)</translation>
    </message>
    <message>
        <source>must be text, got {value}</source>
        <translation>텍스트여야 합니다. 입력값: {value}</translation>
    </message>
    <message>
        <source>text is too long</source>
        <translation>텍스트가 너무 깁니다</translation>
    </message>
    <message>
        <source>must be a list, got {value}</source>
        <translation>목록이어야 합니다. 입력값: {value}</translation>
    </message>
    <message>
        <source>has {n} entries; at most {max}</source>
        <translation>항목이 {n}개입니다. 최대 {max}개까지 됩니다</translation>
    </message>
    <message>
        <source>expected {n} rows, got {got}</source>
        <translation>행이 {n}개여야 하는데 {got}입니다</translation>
    </message>
    <message>
        <source>expected {n} numbers, got {got}</source>
        <translation>숫자가 {n}개여야 하는데 {got}입니다</translation>
    </message>
    <message>
        <source>entry {k} is not a number ({value})</source>
        <translation>{k}번 항목이 숫자가 아닙니다 ({value})</translation>
    </message>
    <message>
        <source>entry {k} is too large</source>
        <translation>{k}번 항목이 너무 큽니다</translation>
    </message>
    <message>
        <source>not an nnsim experiment (format {format})</source>
        <translation>nnsim 실험 파일이 아닙니다 (형식 {format})</translation>
    </message>
    <message>
        <source>version {version} is not supported (this nnsim reads {supported})</source>
        <translation>버전 {version}은(는) 지원하지 않습니다 (이 nnsim은 버전 {supported}을(를) 읽습니다)</translation>
    </message>
    <message>
        <source>must be a feature name, got {value}</source>
        <translation>특성 이름이어야 합니다. 입력값: {value}</translation>
    </message>
    <message>
        <source>expected {n} layers of weights, got {got}</source>
        <translation>가중치 층이 {n}개여야 하는데 {got}개입니다</translation>
    </message>
    <message>
        <source>must be a list of control names</source>
        <translation>컨트롤 이름의 목록이어야 합니다</translation>
    </message>
    <message>
        <source>unknown control {name}; known: {known}</source>
        <translation>알 수 없는 컨트롤 {name}입니다. 쓸 수 있는 것: {known}</translation>
    </message>
    <message>
        <source>a control is listed twice</source>
        <translation>같은 컨트롤이 두 번 들어 있습니다</translation>
    </message>
    <message>
        <source>unknown pace {name}; known: {known}</source>
        <translation>알 수 없는 학습 속도 {name}입니다. 쓸 수 있는 것: {known}</translation>
    </message>
    <message>
        <source>{targets} targets for {points} points</source>
        <translation>점은 {points}개인데 목표값은 {targets}개입니다</translation>
    </message>
    <message>
        <source>no points</source>
        <translation>점이 없습니다</translation>
    </message>
    <message>
        <source>each point must be a list of 1 or 2 numbers</source>
        <translation>각 점은 숫자 1개나 2개의 목록이어야 합니다</translation>
    </message>
    <message>
        <source>points must have 1 or 2 coordinates</source>
        <translation>점의 좌표는 1개나 2개여야 합니다</translation>
    </message>
    <message>
        <source>at least 2 points are needed</source>
        <translation>점이 2개 이상 있어야 합니다</translation>
    </message>
    <message>
        <source>at most {max} points</source>
        <translation>점은 최대 {max}개까지 됩니다</translation>
    </message>
    <message>
        <source>one target per point is needed</source>
        <translation>점마다 목표값이 하나씩 있어야 합니다</translation>
    </message>
    <message>
        <source>{value:g} is outside ±{max:g}, the range of data values (rescale the data)</source>
        <translation>{value:g}은(는) 데이터 값의 범위 ±{max:g}를 벗어납니다 (데이터의 단위를 줄이세요)</translation>
    </message>
    <message>
        <source>class labels must be whole numbers 0..{last}</source>
        <translation>클래스 레이블은 0..{last} 사이의 정수여야 합니다</translation>
    </message>
    <message>
        <source>expected {n} layers for this architecture, got {got}</source>
        <extracomment>Version of the ``&quot;history&quot;`` object of an experiment file. Records a saved history may hold: a live History always keeps fewer than its capacity.</extracomment>
        <translation>이 구조에는 층이 {n}개 있어야 하는데 {got}개입니다</translation>
    </message>
    <message>
        <source>steps must increase from record to record</source>
        <translation>기록마다 단계가 커져야 합니다</translation>
    </message>
    <message>
        <source>a record at step {last} is after the weights&apos; step {step}</source>
        <translation>{last}단계의 기록이 가중치의 단계 {step}보다 뒤에 있습니다</translation>
    </message>
    <message>
        <source>must hold finite numbers of at least 0</source>
        <translation>0 이상의 유한한 숫자만 있어야 합니다</translation>
    </message>
    <message>
        <source>must be at most {max} steps between 0 and {step}</source>
        <translation>0에서 {step} 사이의 단계가 최대 {max}개까지여야 합니다</translation>
    </message>
    <message>
        <source>must be base64 text of {n} numbers</source>
        <translation>숫자 {n}개를 담은 base64 텍스트여야 합니다</translation>
    </message>
    <message>
        <source>The training curves in this file are of a newer kind (version {version}) and are not shown; the network and its weights were opened.</source>
        <translation>이 파일의 학습 곡선은 더 새로운 형식(버전 {version})이라 표시하지 않습니다. 신경망과 가중치는 열었습니다.</translation>
    </message>
</context>
<context>
    <name>Export</name>
    <message>
        <source>cannot write {path}</source>
        <translation>{path}에 쓸 수 없습니다</translation>
    </message>
</context>
<context>
    <name>ExportActions</name>
    <message>
        <source>Whole window as PNG…</source>
        <extracomment>Entries kept in File &gt; Open Recent. File &gt; Export entries, key -&gt; menu text (translated where shown, context &quot;ExportActions&quot;); ``None`` is a separator.</extracomment>
        <translation>창 전체를 PNG로…</translation>
    </message>
    <message>
        <source>Network view as PNG…</source>
        <translation>신경망 그림을 PNG로…</translation>
    </message>
    <message>
        <source>Network view as SVG…</source>
        <translation>신경망 그림을 SVG로…</translation>
    </message>
    <message>
        <source>Output view as PNG…</source>
        <translation>출력 그림을 PNG로…</translation>
    </message>
    <message>
        <source>Output view as SVG…</source>
        <translation>출력 그림을 SVG로…</translation>
    </message>
    <message>
        <source>Loss plot as PNG…</source>
        <translation>손실 그래프를 PNG로…</translation>
    </message>
    <message>
        <source>Loss plot as SVG…</source>
        <translation>손실 그래프를 SVG로…</translation>
    </message>
    <message>
        <source>Loss plot as CSV…</source>
        <translation>손실 그래프를 CSV로…</translation>
    </message>
    <message>
        <source>Per-layer plot as PNG…</source>
        <translation>층별 그래프를 PNG로…</translation>
    </message>
    <message>
        <source>Per-layer plot as SVG…</source>
        <translation>층별 그래프를 SVG로…</translation>
    </message>
    <message>
        <source>Per-layer plot as CSV…</source>
        <translation>층별 그래프를 CSV로…</translation>
    </message>
    <message>
        <source>Experiment as JSON (with weights)…</source>
        <translation>실험을 JSON으로 (가중치 포함)…</translation>
    </message>
    <message>
        <source>Experiment as JSON (without weights)…</source>
        <translation>실험을 JSON으로 (가중치 없이)…</translation>
    </message>
    <message>
        <source>Network as NumPy script…</source>
        <translation>신경망을 NumPy 스크립트로…</translation>
    </message>
    <message>
        <source>PNG image</source>
        <extracomment>File-dialog filters by extension: a translatable description and its glob pattern.</extracomment>
        <translation>PNG 이미지</translation>
    </message>
    <message>
        <source>SVG image</source>
        <translation>SVG 이미지</translation>
    </message>
    <message>
        <source>CSV table</source>
        <translation>CSV 표</translation>
    </message>
    <message>
        <source>nnsim experiment</source>
        <translation>nnsim 실험</translation>
    </message>
    <message>
        <source>Python script</source>
        <translation>Python 스크립트</translation>
    </message>
    <message>
        <source>All files</source>
        <translation>모든 파일</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>최근 파일 열기(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>내보내기(&amp;E)</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(없음)</translation>
    </message>
    <message>
        <source>Clear list</source>
        <translation>목록 지우기</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>내보내기</translation>
    </message>
    <message>
        <source>Cannot export</source>
        <translation>내보낼 수 없음</translation>
    </message>
    <message>
        <source>Exported {name}</source>
        <translation>{name} 파일을 내보냈습니다</translation>
    </message>
</context>
<context>
    <name>FeatureItem</name>
    <message>
        <source>input {n}</source>
        <extracomment>Position of this feature in the network&apos;s input vector, or None when off.</extracomment>
        <translation>입력 {n}</translation>
    </message>
    <message>
        <source>off</source>
        <translation>꺼짐</translation>
    </message>
    <message>
        <source>Feature {label} ({state})</source>
        <translation>특성 {label} ({state})</translation>
    </message>
</context>
<context>
    <name>GradientBars</name>
    <message>
        <source>Each bar: the norm of dL/dW of one layer, from one backward pass over the whole training set with the current weights (log scale).</source>
        <extracomment>Label the bars with their values only when a bar is at least this wide (px).</extracomment>
        <translation>막대 하나: 한 층의 dL/dW 크기(노름). 현재 가중치로 학습 데이터 전체에 대해 역전파를 한 번 해서 구합니다 (로그 눈금).</translation>
    </message>
    <message>
        <source>layer (first at the left)</source>
        <translation>층 (왼쪽이 첫 층)</translation>
    </message>
    <message>
        <source>out</source>
        <comment>the output layer&apos;s tick</comment>
        <translation>출력</translation>
    </message>
    <message>
        <source>Gradient reaching each layer, ‖dL/dW‖ on the training set.</source>
        <translation>각 층에 이르는 기울기, 학습 데이터 전체의 ‖dL/dW‖.</translation>
    </message>
    <message>
        <source>Output ÷ layer 1 = &lt;b&gt;{ratio}&lt;/b&gt;: the first layer hardly learns.</source>
        <translation>출력층 ÷ 1층 = &lt;b&gt;{ratio}&lt;/b&gt;: 첫 층은 거의 학습하지 못합니다.</translation>
    </message>
    <message>
        <source>Output ÷ layer 1 = &lt;b&gt;{ratio}&lt;/b&gt;.</source>
        <translation>출력층 ÷ 1층 = &lt;b&gt;{ratio}&lt;/b&gt;.</translation>
    </message>
    <message>
        <source>Layer 1 gets &lt;b&gt;no gradient at all&lt;/b&gt;.</source>
        <translation>1층에는 &lt;b&gt;기울기가 전혀 오지 않습니다&lt;/b&gt;.</translation>
    </message>
</context>
<context>
    <name>GradientPlot</name>
    <message>
        <source>Gradient norm ‖dW‖₂</source>
        <extracomment>The statistics the gradient plot can show, in combo order.</extracomment>
        <translation>기울기 크기 ‖dW‖₂</translation>
    </message>
    <message>
        <source>Mean |activation|</source>
        <translation>평균 |활성값|</translation>
    </message>
    <message>
        <source>Dead ReLU units (%)</source>
        <translation>죽은 ReLU 뉴런 (%)</translation>
    </message>
    <message>
        <source>no ReLU-family layers</source>
        <translation>ReLU 계열 층 없음</translation>
    </message>
    <message>
        <source>Saturated activations (%)</source>
        <translation>포화된 활성값 (%)</translation>
    </message>
    <message>
        <source>no sigmoid/tanh layers</source>
        <translation>Sigmoid/Tanh 층 없음</translation>
    </message>
    <message>
        <source>Which per-layer statistic to plot</source>
        <translation>그래프로 볼 층별 통계</translation>
    </message>
    <message>
        <source>smooth</source>
        <translation>부드럽게</translation>
    </message>
    <message>
        <source>Average over a sliding window: batch statistics are noisy, the trend is the lesson</source>
        <translation>이동 평균: 배치 통계는 들쭉날쭉하지만 중요한 것은 추세입니다</translation>
    </message>
    <message>
        <source>step</source>
        <translation>단계</translation>
    </message>
    <message>
        <source>output</source>
        <translation>출력층</translation>
    </message>
    <message>
        <source>layer {n}</source>
        <translation>층 {n}</translation>
    </message>
</context>
<context>
    <name>HyperPanel</name>
    <message>
        <source>Momentum</source>
        <extracomment>TF Playground&apos;s learning rates; any other positive value can be typed. TF Playground&apos;s regularisation rates. Undo texts (&quot;Undo Momentum&quot;), kept translatable (Messages: the stack is re-translated on a language switch); edits of a row named by a control use the control&apos;s name.</extracomment>
        <translation>모멘텀</translation>
    </message>
    <message>
        <source>Neurons in every hidden layer (sets them all)</source>
        <extracomment>``request_edit(make, merge_id) -&gt; bool``, set by the main window: the network editor&apos;s path. With it the layer-count and width boxes are editor edits (weights kept by unit id, restored by undo); without it (a panel on its own) they replace the experiment like the other boxes.</extracomment>
        <translation>모든 은닉층의 뉴런 수 (한꺼번에 설정)</translation>
    </message>
    <message>
        <source>Neurons per layer, inputs to output</source>
        <translation>층마다 뉴런 수, 입력에서 출력까지</translation>
    </message>
    <message>
        <source>Momentum (β₁ for Adam)</source>
        <translation>모멘텀 (Adam의 β₁)</translation>
    </message>
    <message>
        <source>Regularisation rate</source>
        <translation>정규화 강도</translation>
    </message>
    <message>
        <source>Stop epoch</source>
        <extracomment>The stop fields&apos; names in messages about a refused typed number.</extracomment>
        <translation>정지 에포크</translation>
    </message>
    <message>
        <source>Stop test loss</source>
        <translation>정지 테스트 손실</translation>
    </message>
    <message>
        <source>Seed of the initial weights (Reset draws the same ones again)</source>
        <translation>초기 가중치의 시드 (초기화하면 같은 가중치가 다시 나옵니다)</translation>
    </message>
    <message>
        <source>at epoch</source>
        <translation>에포크</translation>
    </message>
    <message>
        <source>Stop training when this epoch is reached</source>
        <translation>이 에포크에 이르면 학습을 멈춥니다</translation>
    </message>
    <message>
        <source>Stop training when the test loss falls below this value</source>
        <translation>테스트 손실이 이 값보다 작아지면 학습을 멈춥니다</translation>
    </message>
    <message>
        <source>test loss &lt;</source>
        <translation>테스트 손실 &lt;</translation>
    </message>
    <message>
        <source> (mixed)</source>
        <translation> (혼합)</translation>
    </message>
    <message>
        <source>Neurons per layer</source>
        <translation>층별 뉴런 수</translation>
    </message>
    <message>
        <source>Output activation</source>
        <translation>출력 활성화 함수</translation>
    </message>
    <message>
        <source>Stop condition</source>
        <translation>정지 조건</translation>
    </message>
</context>
<context>
    <name>Initializers</name>
    <message>
        <source>Glorot (Xavier) uniform</source>
        <extracomment>Initialisers by name, in the order the GUI lists them (&quot;auto&quot; is not one of them: the network resolves it from the activation).</extracomment>
        <translation>Glorot (Xavier) 균등분포</translation>
    </message>
    <message>
        <source>uniform in ±sqrt(6 / (fan_in + fan_out)); biases 0</source>
        <translation>±sqrt(6 / (fan_in + fan_out)) 범위의 균등분포, 편향은 0</translation>
    </message>
    <message>
        <source>He normal</source>
        <translation>He 정규분포</translation>
    </message>
    <message>
        <source>normal with std sqrt(2 / fan_in); biases 0</source>
        <translation>표준편차 sqrt(2 / fan_in)인 정규분포, 편향은 0</translation>
    </message>
    <message>
        <source>Zeros</source>
        <translation>모두 0</translation>
    </message>
    <message>
        <source>every weight and bias 0 (all neurons stay equal)</source>
        <translation>모든 가중치와 편향이 0 (모든 뉴런이 계속 똑같음)</translation>
    </message>
    <message>
        <source>Constant</source>
        <translation>상수</translation>
    </message>
    <message>
        <source>every weight and bias the same value (all neurons stay equal)</source>
        <translation>모든 가중치와 편향이 같은 값 (모든 뉴런이 계속 똑같음)</translation>
    </message>
</context>
<context>
    <name>Interaction</name>
    <message>
        <source>+ layer</source>
        <extracomment>Weight change per viewport pixel of a link scrub (up = larger); 50 px = 1.0. Pointer shape while this gesture runs.</extracomment>
        <translation>+ 층</translation>
    </message>
    <message>
        <source>1 neuron</source>
        <translation>뉴런 1개</translation>
    </message>
    <message>
        <source>{n} neurons</source>
        <translation>뉴런 {n}개</translation>
    </message>
    <message>
        <source>{old} → {new} neurons</source>
        <translation>뉴런 {old}개 → {new}개</translation>
    </message>
    <message>
        <source>at least 1 neuron</source>
        <translation>뉴런은 최소 1개</translation>
    </message>
    <message>
        <source>at most {n} neurons</source>
        <translation>뉴런은 최대 {n}개</translation>
    </message>
    <message>
        <source>move here</source>
        <translation>여기로 이동</translation>
    </message>
</context>
<context>
    <name>JSON</name>
    <message>
        <source>the file is nested too deeply</source>
        <extracomment>Field names in messages are cut to this many characters (a 1 MB key must not make a 1 MB message box). Longest integer literal converted: float64 ends near 1.8e308 (309 digits), and every integer field is bounded far below that, so a longer one can only be refused. Python itself refuses more than 4,300 digits, naming no field.</extracomment>
        <translation>파일의 중첩이 너무 깊습니다</translation>
    </message>
    <message>
        <source>a number with {digits:,} digits is far too large</source>
        <translation>{digits:,}자리 숫자는 너무 큽니다</translation>
    </message>
    <message>
        <source>the file is not UTF-8 text (byte {byte})</source>
        <translation>파일이 UTF-8 텍스트가 아닙니다 ({byte}번째 바이트)</translation>
    </message>
    <message>
        <source>expected JSON text</source>
        <translation>JSON 텍스트여야 합니다</translation>
    </message>
    <message>
        <source>appears twice in the same object; keep only one of them</source>
        <translation>같은 객체 안에 두 번 나옵니다. 하나만 남기세요</translation>
    </message>
    <message>
        <source>not valid JSON at line {line}, column {column}: {error}</source>
        <translation>{line}번째 줄 {column}번째 글자가 올바른 JSON이 아닙니다: {error}</translation>
    </message>
    <message>
        <source>the file holds an unreadable number ({error})</source>
        <translation>파일에 읽을 수 없는 숫자가 있습니다 ({error})</translation>
    </message>
    <message>
        <source>{value} is not allowed in an nnsim file (numbers must be finite)</source>
        <translation>nnsim 파일에는 {value}을(를) 쓸 수 없습니다 (숫자는 유한해야 합니다)</translation>
    </message>
</context>
<context>
    <name>LayerCombo</name>
    <message>
        <source>Which weight layer to show (hidden layers, then the output)</source>
        <translation>보여 줄 가중치 층 (은닉층들, 그다음 출력층)</translation>
    </message>
    <message>
        <source>Output · {activation}</source>
        <translation>출력층 · {activation}</translation>
    </message>
    <message>
        <source>Hidden {n} · {activation}</source>
        <translation>은닉층 {n} · {activation}</translation>
    </message>
</context>
<context>
    <name>LessonPanel</name>
    <message>
        <source>Views:</source>
        <translation>보기:</translation>
    </message>
    <message>
        <source>What to click</source>
        <translation>따라 해 보기</translation>
    </message>
    <message>
        <source>no hidden layers</source>
        <translation>은닉층 없음</translation>
    </message>
    <message>
        <source>Run B</source>
        <translation>비교 실행 B</translation>
    </message>
    <message>
        <source>(for comparison): {arch}, {activations}, seed {seed}. “Compare with run B” trains it beside this network, step for step, in the Compare A/B window.</source>
        <translation>(비교용): {arch}, {activations}, 시드 {seed}. ‘B와 비교하기’를 누르면 A/B 비교 창에서 이 신경망과 나란히 한 단계씩 학습합니다.</translation>
    </message>
    <message>
        <source>Open lesson</source>
        <translation>수업 열기</translation>
    </message>
    <message>
        <source>Open the selected lesson (undo with Ctrl+Z)</source>
        <translation>선택한 수업을 엽니다 (Ctrl+Z로 되돌리기)</translation>
    </message>
    <message>
        <source>Compare with run B</source>
        <translation>B와 비교하기</translation>
    </message>
    <message>
        <source>Train the lesson&apos;s run B beside this network in the Compare A/B window</source>
        <translation>A/B 비교 창에서 수업의 비교 실행 B를 이 신경망과 나란히 학습합니다</translation>
    </message>
    <message>
        <source>The lessons could not be loaded: {0}</source>
        <translation>수업을 불러올 수 없습니다: {0}</translation>
    </message>
</context>
<context>
    <name>Lessons</name>
    <message>
        <source>the network editor: neurons with their output thumbnails, links by weight</source>
        <extracomment>Views a lesson can ask the GUI to show, with what each one is (translatable Messages).</extracomment>
        <translation>신경망 편집기: 출력 미리보기가 있는 뉴런과 가중치로 표시한 연결</translation>
    </message>
    <message>
        <source>the decision boundary (or fitted curve) with the data points</source>
        <translation>데이터 점과 결정 경계 (또는 맞춘 곡선)</translation>
    </message>
    <message>
        <source>training and test loss over time</source>
        <translation>시간에 따른 학습 손실과 테스트 손실</translation>
    </message>
    <message>
        <source>per-layer gradient norms over time, one curve per layer (log scale)</source>
        <translation>시간에 따른 층별 기울기 크기, 층마다 곡선 하나 (로그 척도)</translation>
    </message>
    <message>
        <source>the current per-layer gradient norms as bars, first layer at the left</source>
        <translation>지금의 층별 기울기 크기를 막대로, 첫 층이 왼쪽</translation>
    </message>
    <message>
        <source>f and f&apos; of the selected layer&apos;s activation with its pre-activations</source>
        <translation>선택한 층의 활성화 함수 f와 f&apos;, 그리고 그 층의 z 값</translation>
    </message>
    <message>
        <source>a run of linear layers beside the single equivalent layer</source>
        <translation>이어진 선형층과 그와 같은 일을 하는 한 층을 나란히</translation>
    </message>
    <message>
        <source>the 1-D lab: composing f(x) = ax + b, g(x) = cx + d, ...</source>
        <translation>1차원 실험: f(x) = ax + b, g(x) = cx + d, ...의 합성</translation>
    </message>
    <message>
        <source>the selected layer&apos;s weight matrix as a heatmap; x · W = z for a sample</source>
        <translation>선택한 층의 가중치 행렬을 색으로, 샘플 하나에 대한 x · W = z</translation>
    </message>
    <message>
        <source>forward pass, loss, backward pass and update for one sample</source>
        <translation>샘플 하나의 순전파, 손실, 역전파, 가중치 갱신</translation>
    </message>
    <message>
        <source>one neuron&apos;s weighted sum z = w·x + b and its activation a = f(z)</source>
        <translation>뉴런 하나의 가중합 z = w·x + b와 활성값 a = f(z)</translation>
    </message>
    <message>
        <source>start training</source>
        <translation>학습 시작</translation>
    </message>
    <message>
        <source>pause training</source>
        <translation>학습 일시정지</translation>
    </message>
    <message>
        <source>train one step</source>
        <translation>한 단계 학습</translation>
    </message>
    <message>
        <source>new weights from the seed, step 0</source>
        <translation>시드로 가중치를 새로 만들고 0단계로</translation>
    </message>
    <message>
        <source>bring a view to the front</source>
        <translation>화면 하나를 앞으로 가져오기</translation>
    </message>
    <message>
        <source>select a weight layer (activation, weights views)</source>
        <translation>가중치 층 선택 (활성화 함수, 가중치 화면)</translation>
    </message>
    <message>
        <source>select one neuron (inspector, weights view)</source>
        <translation>뉴런 하나 선택 (살펴보기, 가중치 화면)</translation>
    </message>
    <message>
        <source>click a data point to choose the sample to follow</source>
        <translation>데이터 점을 눌러 따라갈 샘플 고르기</translation>
    </message>
    <message>
        <source>set every hidden layer to this activation</source>
        <translation>모든 은닉층을 이 활성화 함수로</translation>
    </message>
    <message>
        <source>set the learning rate</source>
        <translation>학습률 설정</translation>
    </message>
    <message>
        <source>add a hidden layer before the output</source>
        <translation>출력층 앞에 은닉층 추가</translation>
    </message>
    <message>
        <source>replace the run of linear layers by the equivalent one</source>
        <translation>이어진 선형층을 같은 일을 하는 한 층으로 바꾸기</translation>
    </message>
    <message>
        <source>undo the last edit</source>
        <translation>마지막 편집 실행 취소</translation>
    </message>
    <message>
        <source>walkthrough: next step</source>
        <translation>계산 따라가기: 다음 단계</translation>
    </message>
    <message>
        <source>walkthrough: previous step</source>
        <translation>계산 따라가기: 이전 단계</translation>
    </message>
    <message>
        <source>run the lesson&apos;s comparison experiment beside it</source>
        <translation>수업의 비교 실험을 나란히 실행</translation>
    </message>
    <message>
        <source>malformed lesson ({error})</source>
        <extracomment>Step actions, name -&gt; :class:`ActionInfo`.</extracomment>
        <translation>수업 파일의 형식이 잘못되었습니다 ({error})</translation>
    </message>
    <message>
        <source>{name} is used by both {first} and {second}</source>
        <translation>{name}을(를) {first}와(과) {second}에서 함께 쓰고 있습니다</translation>
    </message>
    <message>
        <source>{name} is not a lesson name</source>
        <translation>{name}은(는) 수업 이름이 아닙니다</translation>
    </message>
    <message>
        <source>no lesson named {name}; known: {known}</source>
        <translation>이름이 {name}인 수업이 없습니다. 있는 수업: {known}</translation>
    </message>
    <message>
        <source>the file is too large to be a lesson</source>
        <translation>수업 파일이라기에는 파일이 너무 큽니다</translation>
    </message>
    <message>
        <source>is missing</source>
        <translation>항목이 없습니다</translation>
    </message>
    <message>
        <source>unknown field (check the spelling)</source>
        <translation>알 수 없는 항목입니다 (철자를 확인하세요)</translation>
    </message>
    <message>
        <source>must be text, got {value}</source>
        <extracomment>&quot;must be ..., got VALUE&quot; reasons by what was expected; each one whole sentence.</extracomment>
        <translation>텍스트여야 합니다. 입력값: {value}</translation>
    </message>
    <message>
        <source>must be a whole number, got {value}</source>
        <translation>정수여야 합니다. 입력값: {value}</translation>
    </message>
    <message>
        <source>must be a list, got {value}</source>
        <translation>목록이어야 합니다. 입력값: {value}</translation>
    </message>
    <message>
        <source>must be a list of view names, got {value}</source>
        <translation>화면 이름의 목록이어야 합니다. 입력값: {value}</translation>
    </message>
    <message>
        <source>must be a view name, got {value}</source>
        <translation>화면 이름이어야 합니다. 입력값: {value}</translation>
    </message>
    <message>
        <source>must be a whole number or null, got {value}</source>
        <translation>정수 또는 null이어야 합니다. 입력값: {value}</translation>
    </message>
    <message>
        <source>must be an action name, got {value}</source>
        <translation>동작 이름이어야 합니다. 입력값: {value}</translation>
    </message>
    <message>
        <source>must be text or null, got {value}</source>
        <translation>텍스트 또는 null이어야 합니다. 입력값: {value}</translation>
    </message>
    <message>
        <source>must be an object, got {type}</source>
        <translation>객체여야 합니다. 입력값의 종류: {type}</translation>
    </message>
    <message>
        <source>not an nnsim lesson (format {format})</source>
        <translation>nnsim 수업 파일이 아닙니다 (형식 {format})</translation>
    </message>
    <message>
        <source>version {version} is not supported (this nnsim reads {supported})</source>
        <translation>버전 {version}은(는) 지원하지 않습니다 (이 nnsim은 버전 {supported}을(를) 읽습니다)</translation>
    </message>
    <message>
        <source>has {n} entries; there are only {max} views</source>
        <translation>항목이 {n}개입니다. 화면은 {max}개뿐입니다</translation>
    </message>
    <message>
        <source>has {n} steps; at most {max}</source>
        <translation>단계가 {n}개입니다. 최대 {max}개까지 됩니다</translation>
    </message>
    <message>
        <source>must map languages to text</source>
        <translation>언어마다 텍스트가 있어야 합니다</translation>
    </message>
    <message>
        <source>must be non-empty text</source>
        <translation>비어 있지 않은 텍스트여야 합니다</translation>
    </message>
    <message>
        <source>{n} characters; at most {max}</source>
        <translation>{n}자입니다. 최대 {max}자까지 됩니다</translation>
    </message>
    <message>
        <source>unknown language; known: {known}</source>
        <translation>알 수 없는 언어입니다. 쓸 수 있는 것: {known}</translation>
    </message>
    <message>
        <source>use lower-case letters, digits and single &apos;-&apos; or &apos;_&apos; between words</source>
        <translation>영어 소문자와 숫자만 쓰고, 단어 사이에는 &apos;-&apos;나 &apos;_&apos;를 하나씩 쓰세요</translation>
    </message>
    <message>
        <source>at most {max} characters</source>
        <translation>최대 {max}자까지 됩니다</translation>
    </message>
    <message>
        <source>must be a whole number</source>
        <translation>정수여야 합니다</translation>
    </message>
    <message>
        <source>must be between {lo} and {hi}, got {value}</source>
        <translation>{lo}에서 {hi} 사이여야 합니다. 입력값: {value}</translation>
    </message>
    <message>
        <source>a lesson shows at least one view</source>
        <translation>수업은 화면을 하나 이상 보여 줘야 합니다</translation>
    </message>
    <message>
        <source>a view is listed twice</source>
        <translation>같은 화면이 두 번 들어 있습니다</translation>
    </message>
    <message>
        <source>must be an experiment</source>
        <translation>실험이어야 합니다</translation>
    </message>
    <message>
        <source>must be an experiment or null</source>
        <translation>실험 또는 null이어야 합니다</translation>
    </message>
    <message>
        <source>a lesson has at least one step</source>
        <translation>수업에는 단계가 하나 이상 있어야 합니다</translation>
    </message>
    <message>
        <source>at most {max} steps</source>
        <translation>단계는 최대 {max}개까지 됩니다</translation>
    </message>
    <message>
        <source>unknown action {name}; known: {known}</source>
        <translation>알 수 없는 동작 {name}입니다. 쓸 수 있는 것: {known}</translation>
    </message>
    <message>
        <source>{action} takes no target</source>
        <translation>{action}에는 대상이 없습니다</translation>
    </message>
    <message>
        <source>show_compare needs the lesson&apos;s compare experiment</source>
        <translation>show_compare를 쓰려면 수업에 비교 실험(compare)이 있어야 합니다</translation>
    </message>
    <message>
        <source>{action} needs a target ({kind})</source>
        <translation>{action}에는 대상({kind})이 필요합니다</translation>
    </message>
    <message>
        <source>must be &apos;layer:unit&apos;, e.g. &apos;0:1&apos;, got {value}</source>
        <translation>&apos;층:뉴런&apos; 꼴이어야 합니다 (예: &apos;0:1&apos;). 입력값: {value}</translation>
    </message>
    <message>
        <source>layer must be 0..{last}, got {layer}</source>
        <translation>층은 0..{last} 사이여야 합니다. 입력값: {layer}</translation>
    </message>
    <message>
        <source>layer {layer} has {n} neurons, got unit {unit}</source>
        <translation>층 {layer}의 뉴런은 {n}개인데 뉴런 번호가 {unit}입니다</translation>
    </message>
    <message>
        <source>unknown activation {name}; known: {known}</source>
        <translation>알 수 없는 활성화 함수 {name}입니다. 쓸 수 있는 것: {known}</translation>
    </message>
    <message>
        <source>must be a positive decimal number, got {value}</source>
        <translation>양의 소수여야 합니다. 입력값: {value}</translation>
    </message>
    <message>
        <source>must be above 0 and at most {max:g}, got {value}</source>
        <translation>0보다 크고 {max:g} 이하여야 합니다. 입력값: {value}</translation>
    </message>
    <message>
        <source>unknown view {name}; known: {known}</source>
        <translation>알 수 없는 화면 {name}입니다. 쓸 수 있는 것: {known}</translation>
    </message>
    <message>
        <source>must be a weight layer 0..{last}, got {value}</source>
        <translation>가중치 층 0..{last} 중 하나여야 합니다. 입력값: {value}</translation>
    </message>
</context>
<context>
    <name>LoadError</name>
    <message>
        <source>it is not a valid nnsim lesson. {reason}</source>
        <translation>올바른 nnsim 수업 파일이 아닙니다. {reason}</translation>
    </message>
    <message>
        <source>it is not a valid nnsim file. {reason}</source>
        <translation>올바른 nnsim 파일이 아닙니다. {reason}</translation>
    </message>
    <message>
        <source>it is not a valid nnsim experiment. {reason}</source>
        <translation>올바른 nnsim 실험 파일이 아닙니다. {reason}</translation>
    </message>
    <message>
        <source>it cannot be used as data. {reason}</source>
        <translation>데이터로 쓸 수 없습니다. {reason}</translation>
    </message>
    <message>
        <source>there is no such file (it may have been moved, renamed or deleted).</source>
        <translation>그런 파일이 없습니다 (옮겨졌거나 이름이 바뀌었거나 삭제되었을 수 있습니다).</translation>
    </message>
    <message>
        <source>you do not have permission to read it.</source>
        <translation>이 파일을 읽을 권한이 없습니다.</translation>
    </message>
    <message>
        <source>it is a link that points to itself.</source>
        <translation>자기 자신을 가리키는 링크입니다.</translation>
    </message>
    <message>
        <source>its name is too long.</source>
        <translation>파일 이름이 너무 깁니다.</translation>
    </message>
    <message>
        <source>the system could not read it ({reason}).</source>
        <translation>시스템이 이 파일을 읽지 못했습니다 ({reason}).</translation>
    </message>
    <message>
        <source>it is not UTF-8 text (byte {byte} cannot be decoded); save it as UTF-8.</source>
        <translation>UTF-8 텍스트가 아닙니다 ({byte}번 바이트를 해석할 수 없습니다). UTF-8로 저장하세요.</translation>
    </message>
    <message>
        <source>it is not UTF-8 text; save it as UTF-8.</source>
        <translation>UTF-8 텍스트가 아닙니다. UTF-8로 저장하세요.</translation>
    </message>
    <message>
        <source>it is too large to load (the computer ran out of memory).</source>
        <translation>너무 커서 불러올 수 없습니다 (컴퓨터의 메모리가 부족합니다).</translation>
    </message>
    <message>
        <source>it is nested too deeply to be an nnsim file.</source>
        <translation>중첩이 너무 깊어 nnsim 파일로 읽을 수 없습니다.</translation>
    </message>
    <message>
        <source>an unexpected error occurred ({error}).</source>
        <translation>예상하지 못한 오류가 발생했습니다 ({error}).</translation>
    </message>
    <message>
        <source>it is a folder, not a file.</source>
        <translation>파일이 아니라 폴더입니다.</translation>
    </message>
    <message>
        <source>it is not a regular file (a device, pipe or socket).</source>
        <translation>일반 파일이 아닙니다 (장치, 파이프 또는 소켓).</translation>
    </message>
    <message>
        <source>it is {size}; an nnsim file is at most {limit}.</source>
        <extracomment>Kinds of file :func:`read_bounded` names in its size messages: one whole sentence each (a translation cannot put a kind&apos;s name into another sentence with the right particle).</extracomment>
        <translation>크기가 {size}입니다. nnsim 파일은 최대 {limit}까지입니다.</translation>
    </message>
    <message>
        <source>it is larger than {limit}, the limit for an nnsim file.</source>
        <extracomment>Largest experiment file we read (bytes): the core refuses longer JSON anyway. The errors a parser raises for a bad file (anything else is a bug in nnsim).</extracomment>
        <translation>nnsim 파일의 한도인 {limit}보다 큽니다.</translation>
    </message>
    <message>
        <source>it is {size}; an nnsim experiment is at most {limit}.</source>
        <translation>크기가 {size}입니다. nnsim 실험 파일은 최대 {limit}까지입니다.</translation>
    </message>
    <message>
        <source>it is larger than {limit}, the limit for an nnsim experiment.</source>
        <translation>nnsim 실험 파일의 한도인 {limit}보다 큽니다.</translation>
    </message>
    <message>
        <source>it is {size}; an nnsim data file is at most {limit}.</source>
        <translation>크기가 {size}입니다. nnsim 데이터 파일은 최대 {limit}까지입니다.</translation>
    </message>
    <message>
        <source>it is larger than {limit}, the limit for an nnsim data file.</source>
        <translation>nnsim 데이터 파일의 한도인 {limit}보다 큽니다.</translation>
    </message>
    <message>
        <source>it is {size}; an nnsim autosave note is at most {limit}.</source>
        <translation>크기가 {size}입니다. nnsim 자동 저장 메모는 최대 {limit}까지입니다.</translation>
    </message>
    <message>
        <source>it is larger than {limit}, the limit for an nnsim autosave note.</source>
        <translation>nnsim 자동 저장 메모의 한도인 {limit}보다 큽니다.</translation>
    </message>
    <message>
        <source>the file name is not valid ({error}).</source>
        <translation>파일 이름이 올바르지 않습니다 ({error}).</translation>
    </message>
</context>
<context>
    <name>LossPlot</name>
    <message>
        <source>step</source>
        <extracomment>The per-layer plot&apos;s note in the normal theme. TF Playground&apos;s convention: test loss black, training loss grey. Opacity of the loss legend&apos;s box over the curves.</extracomment>
        <translation>단계</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>손실</translation>
    </message>
    <message>
        <source>test loss</source>
        <translation>테스트 손실</translation>
    </message>
    <message>
        <source>training loss</source>
        <translation>학습 손실</translation>
    </message>
</context>
<context>
    <name>Losses</name>
    <message>
        <source>Mean squared error</source>
        <extracomment>Losses by name, in the order the GUI lists them.</extracomment>
        <translation>평균제곱오차</translation>
    </message>
    <message>
        <source>Binary cross-entropy</source>
        <translation>이진 교차 엔트로피</translation>
    </message>
    <message>
        <source>Softmax cross-entropy</source>
        <translation>Softmax 교차 엔트로피</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>nnsim experiment (*.json);;All files (*)</source>
        <extracomment>Draw at most once per this many ms (the display rate). While training, the loss and per-layer plots refresh at most this often (ms).</extracomment>
        <translation>nnsim 실험 (*.json);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>실행 취소(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>다시 실행(&amp;R)</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>한 단계</translation>
    </message>
    <message>
        <source>Train one step (Right)</source>
        <translation>한 단계 학습 (→)</translation>
    </message>
    <message>
        <source>Epoch</source>
        <translation>한 에포크</translation>
    </message>
    <message>
        <source>Train to the end of the epoch (Shift+Right)</source>
        <translation>이번 에포크 끝까지 학습 (Shift+→)</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>초기화</translation>
    </message>
    <message>
        <source>New weights from the same seed, step 0 (R)</source>
        <translation>같은 시드로 가중치를 새로 만들고 0단계로 (R)</translation>
    </message>
    <message>
        <source>Max speed</source>
        <translation>최고 속도</translation>
    </message>
    <message>
        <source>As fast as the machine allows; again: back to the lecture pace (M)</source>
        <translation>컴퓨터가 허용하는 가장 빠른 속도. 다시 누르면 강의 속도로 돌아갑니다 (M)</translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation>새로 만들기(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>열기(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>저장(&amp;S)</translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation>다른 이름으로 저장(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Import CSV…</source>
        <translation>CSV 가져오기(&amp;I)…</translation>
    </message>
    <message>
        <source>Train on points from a CSV file</source>
        <translation>CSV 파일의 점으로 학습</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>끝내기(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Compare A/B…</source>
        <translation>A/B 비교(&amp;C)…</translation>
    </message>
    <message>
        <source>Train a copy with another activation or learning rate side by side</source>
        <translation>활성화 함수나 학습률을 바꾼 사본을 나란히 학습</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>단축키 목록(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>파일(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>편집(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Training</source>
        <translation>학습(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>보기(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>언어(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>도움말(&amp;H)</translation>
    </message>
    <message>
        <source>Training</source>
        <extracomment>Speed slider positions: lecture pace names (:data:`nnsim.core.pace.PACES`), slowest first; the last is &quot;max&quot;. The widest number a counter shows.</extracomment>
        <translation>학습</translation>
    </message>
    <message>
        <source>Data &amp;&amp; features</source>
        <translation>데이터와 특성</translation>
    </message>
    <message>
        <source>Hyper-parameters</source>
        <translation>하이퍼파라미터</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>출력</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>손실</translation>
    </message>
    <message>
        <source>Neuron inspector</source>
        <translation>뉴런 살펴보기</translation>
    </message>
    <message>
        <source>Per-layer statistics</source>
        <translation>층별 통계</translation>
    </message>
    <message>
        <source>Show test data</source>
        <extracomment>Version of the remembered dock layout. Part of the settings key together with nnsim&apos;s version, so a layout saved by another version (other docks, tab groups) is never restored; Qt&apos;s own check refuses a state whose docks do not match.</extracomment>
        <translation>테스트 데이터 보기</translation>
    </message>
    <message>
        <source>Discretize output</source>
        <translation>출력 이산화</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>속도</translation>
    </message>
    <message>
        <source>How much training one display frame shows</source>
        <translation>화면 한 프레임에 보여 줄 학습의 양</translation>
    </message>
    <message>
        <source>Epoch</source>
        <comment>counter</comment>
        <translation>에포크</translation>
    </message>
    <message>
        <source>Step</source>
        <comment>counter</comment>
        <translation>단계</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>일시정지됨</translation>
    </message>
    <message>
        <source>step {0}</source>
        <extracomment>The labels, left to right. The status bar never grows past this text scale, so it fits a 720p window.</extracomment>
        <translation>단계 {0}</translation>
    </message>
    <message>
        <source>epoch {0}</source>
        <translation>에포크 {0}</translation>
    </message>
    <message>
        <source>loss train {0} · test {1}</source>
        <translation>손실 학습 {0} · 테스트 {1}</translation>
    </message>
    <message>
        <source>accuracy train {0} · test {1}</source>
        <translation>정확도 학습 {0} · 테스트 {1}</translation>
    </message>
    <message>
        <source>{0} steps/s</source>
        <translation>초당 {0}단계</translation>
    </message>
    <message>
        <source>R² train {0} · test {1}</source>
        <translation>R² 학습 {0} · 테스트 {1}</translation>
    </message>
    <message>
        <source>Not applied: {0}</source>
        <translation>적용되지 않음: {0}</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>일시정지</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>학습</translation>
    </message>
    <message>
        <source>Start or pause training (Space)</source>
        <translation>학습 시작 또는 일시정지 (Space)</translation>
    </message>
    <message>
        <source>Training stopped by an error (see the dialog).</source>
        <translation>오류로 학습이 멈췄습니다 (대화 상자를 보세요).</translation>
    </message>
    <message>
        <source>Training error</source>
        <translation>학습 오류</translation>
    </message>
    <message>
        <source>Training hit an error and was paused. The network and data are unchanged.</source>
        <translation>학습 중 오류가 나서 일시정지했습니다. 신경망과 데이터는 그대로입니다.</translation>
    </message>
    <message>
        <source>Training diverged</source>
        <translation>학습이 발산했습니다</translation>
    </message>
    <message>
        <source>untitled</source>
        <extracomment>What the features get instead of the window (nnsim.gui.app_context). Training &gt; Compare A/B… and a lesson&apos;s run B (nnsim.gui.compare). The snapshot on screen, and how many frames were rendered (for benchmarks). Autosave while there is unsaved work (:meth:`enable_autosave`; the CLI turns it on). The output view with its toggles and the rows features add (nnsim.gui.docks). The window&apos;s own docks by key (&quot;data&quot;, &quot;hyper&quot;, &quot;output&quot;, &quot;loss&quot;, ...). The teaching views (lessons, activation, collapse, weights, walkthrough ...). Error and divergence boxes, stop messages (nnsim.gui.alerts). File &gt; Export, File &gt; Open Recent, plot right-click exports (nnsim.gui.export). Draw mode on the output view (nnsim.gui.draw_mode), its row under the view. File &gt; Export &gt; Record clip… and the tool bar&apos;s record button (nnsim.gui.clip). File &gt; Export &gt; Slide images… (nnsim.gui.slides).</extracomment>
        <translation>제목 없음</translation>
    </message>
    <message>
        <source>New experiment</source>
        <translation>새 실험</translation>
    </message>
    <message>
        <source>Open experiment</source>
        <translation>실험 열기</translation>
    </message>
    <message>
        <source>Cannot open experiment</source>
        <translation>실험을 열 수 없습니다</translation>
    </message>
    <message>
        <source>{name} could not be opened:</source>
        <translation>{name} 파일을 열 수 없습니다:</translation>
    </message>
    <message>
        <source>Open {name}</source>
        <translation>{name} 열기</translation>
    </message>
    <message>
        <source>Import data</source>
        <translation>데이터 가져오기</translation>
    </message>
    <message>
        <source>CSV data (*.csv *.txt *.tsv);;All files (*)</source>
        <translation>CSV 데이터 (*.csv *.txt *.tsv);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>Cannot import data</source>
        <translation>데이터를 가져올 수 없습니다</translation>
    </message>
    <message>
        <source>{name} could not be imported:</source>
        <translation>{name} 파일을 가져올 수 없습니다:</translation>
    </message>
    <message>
        <source>the data do not fit this experiment. {0}</source>
        <translation>데이터가 이 실험에 맞지 않습니다. {0}</translation>
    </message>
    <message>
        <source>Cannot recover unsaved work</source>
        <translation>저장하지 않은 작업을 복구할 수 없습니다</translation>
    </message>
    <message>
        <source>{name} could not be recovered:</source>
        <translation>{name} 파일을 복구할 수 없습니다:</translation>
    </message>
    <message>
        <source>Recover unsaved work</source>
        <translation>저장하지 않은 작업 복구</translation>
    </message>
    <message>
        <source>Recovered the unsaved work of the last session.</source>
        <translation>지난 세션에서 저장하지 않은 작업을 복구했습니다.</translation>
    </message>
    <message>
        <source>Save experiment</source>
        <translation>실험 저장</translation>
    </message>
    <message>
        <source>Cannot save experiment</source>
        <translation>실험을 저장할 수 없습니다</translation>
    </message>
    <message>
        <source>Saved {name}</source>
        <translation>{name} 저장함</translation>
    </message>
</context>
<context>
    <name>NetworkScene</name>
    <message>
        <source>Features</source>
        <extracomment>Neuron side limits (scene px). Below the minimum the view scales the whole drawing.</extracomment>
        <translation>특성</translation>
    </message>
    <message>
        <source>Output</source>
        <extracomment>Draws every link (the link items themselves paint nothing).</extracomment>
        <translation>출력</translation>
    </message>
    <message>
        <source>Hidden {n}</source>
        <translation>은닉층 {n}</translation>
    </message>
    <message>
        <source>{on} of {total} on</source>
        <translation>{total}개 중 {on}개 사용</translation>
    </message>
    <message>
        <source>output</source>
        <translation>출력</translation>
    </message>
    <message>
        <source>Output {n}</source>
        <translation>출력 {n}</translation>
    </message>
    <message>
        <source>output {n}</source>
        <translation>출력 {n}</translation>
    </message>
    <message>
        <source>Hidden {layer}, unit {n}</source>
        <translation>은닉층 {layer}, 뉴런 {n}</translation>
    </message>
    <message>
        <source>hidden {layer}, unit {n}</source>
        <translation>은닉층 {layer}, 뉴런 {n}</translation>
    </message>
    <message>
        <source>{n} neurons: drag down to add neurons, up to remove them (1..{max})</source>
        <translation>뉴런 {n}개: 아래로 끌면 뉴런 추가, 위로 끌면 삭제 (1..{max})</translation>
    </message>
</context>
<context>
    <name>NetworkView</name>
    <message>
        <source>Weight</source>
        <extracomment>Largest viewport (logical px) laid out at 1:1; larger ones magnify this layout. Items a press can act on; everything else (overlays, palette strip, trash) is looked through.</extracomment>
        <translation>가중치</translation>
    </message>
    <message>
        <source>Weight {link}:</source>
        <translation>가중치 {link}:</translation>
    </message>
    <message>
        <source>the neuron</source>
        <translation>이 뉴런</translation>
    </message>
    <message>
        <source>Bias</source>
        <translation>편향</translation>
    </message>
    <message>
        <source>Bias of {neuron}:</source>
        <translation>{neuron}의 편향:</translation>
    </message>
    <message>
        <source>Activation</source>
        <translation>활성화 함수</translation>
    </message>
    <message>
        <source>Remove layer</source>
        <translation>층 삭제</translation>
    </message>
</context>
<context>
    <name>NeuronInspector</name>
    <message>
        <source>Sample</source>
        <extracomment>Refresh at most this often while training streams snapshots (seconds).</extracomment>
        <translation>샘플</translation>
    </message>
    <message>
        <source>The training sample fed through the network</source>
        <translation>신경망에 넣는 학습 샘플</translation>
    </message>
    <message>
        <source>of {total} training samples</source>
        <translation>(학습 샘플 {total}개 중)</translation>
    </message>
    <message>
        <source>That neuron is gone. Click a neuron in the network.</source>
        <translation>그 뉴런은 없어졌습니다. 신경망의 뉴런을 누르세요.</translation>
    </message>
    <message>
        <source>Cannot compute this neuron now: {error}</source>
        <translation>지금은 이 뉴런을 계산할 수 없습니다: {error}</translation>
    </message>
    <message>
        <source>Click a neuron in the network to see what it computes.</source>
        <translation>신경망의 뉴런을 누르면 그 뉴런이 계산하는 값을 보여 줍니다.</translation>
    </message>
    <message>
        <source>unit {unit} of hidden {layer}</source>
        <translation>은닉층 {layer}의 뉴런 {unit}</translation>
    </message>
    <message>
        <source>Output · {activation}</source>
        <translation>출력층 · {activation}</translation>
    </message>
    <message>
        <source>Output, unit {unit} · {activation}</source>
        <translation>출력층, 뉴런 {unit} · {activation}</translation>
    </message>
    <message>
        <source>Hidden {layer}, unit {unit} · {activation}</source>
        <translation>은닉층 {layer}, 뉴런 {unit} · {activation}</translation>
    </message>
    <message>
        <source>class {k}</source>
        <translation>클래스 {k}</translation>
    </message>
    <message>
        <source>Sample {n}: point ({point}), target {target}</source>
        <translation>샘플 {n}: 점 ({point}), 목표값 {target}</translation>
    </message>
    <message>
        <source>input</source>
        <translation>입력</translation>
    </message>
    <message>
        <source>value</source>
        <translation>값</translation>
    </message>
    <message>
        <source>weight</source>
        <translation>가중치</translation>
    </message>
    <message>
        <source>product</source>
        <translation>곱</translation>
    </message>
    <message>
        <source>bias b</source>
        <translation>편향 b</translation>
    </message>
    <message>
        <source>sum z</source>
        <translation>합 z</translation>
    </message>
</context>
<context>
    <name>NeuronItem</name>
    <message>
        <source>{name} ({activation})</source>
        <extracomment>A hovered thumbnail grows to about this many scene pixels (TF Playground&apos;s hover card). Opacity of input features that are switched off (drawn, like Playground, but faded). The output port sticks out of a tile by this share of its side. What the tooltip says: set by the scene (name once per caption, bias per frame).</extracomment>
        <translation>{name} ({activation})</translation>
    </message>
    <message>
        <source>bias b = {value}</source>
        <translation>편향 b = {value}</translation>
    </message>
</context>
<context>
    <name>NumberField</name>
    <message>
        <source>Sample</source>
        <extracomment>The teaching views&apos; sample field&apos;s name in messages (&quot;Sample must be between 1 and 250&quot;).</extracomment>
        <translation>샘플</translation>
    </message>
    <message>
        <source>Steps per round</source>
        <extracomment>Names of the other typed numbers in messages: Compare&apos;s steps per round, a drawn regression point&apos;s value, and the collapse lab&apos;s a, b (of a·x + b) and x.</extracomment>
        <translation>회당 단계 수</translation>
    </message>
    <message>
        <source>Point value</source>
        <translation>점의 값</translation>
    </message>
    <message>
        <source>Coefficient of x</source>
        <translation>x의 계수</translation>
    </message>
    <message>
        <source>Constant term</source>
        <translation>상수항</translation>
    </message>
    <message>
        <source>Input x</source>
        <translation>입력 x</translation>
    </message>
    <message>
        <source>{field}: type a number.</source>
        <extracomment>A number once the decimal separator is a point: digits with at most one point, then an optional exponent. No &quot;inf&quot;, &quot;nan&quot;, &quot;1_000&quot; or hex, which float() takes.</extracomment>
        <translation>{field}: 숫자를 입력하세요.</translation>
    </message>
    <message>
        <source>{field}: “{text}” is not a number. Type numbers like {a} or {b}.</source>
        <translation>{field}: “{text}”은(는) 숫자가 아닙니다. {a} 또는 {b}처럼 입력하세요.</translation>
    </message>
    <message>
        <source>{field}: “{text}” is not a number here. Use a point (.) for decimals, without thousands separators.</source>
        <translation>{field}: “{text}”은(는) 여기서 숫자로 읽을 수 없습니다. 소수점은 점(.)으로 쓰고 천 단위 구분 기호는 쓰지 마세요.</translation>
    </message>
    <message>
        <source>{field}: “{text}” is not a number here. Use a comma (,) or a point (.) for decimals, without thousands separators.</source>
        <translation>{field}: “{text}”은(는) 여기서 숫자로 읽을 수 없습니다. 소수점은 쉼표(,)나 점(.)으로 쓰고 천 단위 구분 기호는 쓰지 마세요.</translation>
    </message>
    <message>
        <source>{field} must be between {lo} and {hi} (you typed {text}).</source>
        <translation>{field} 값은 {lo}에서 {hi} 사이여야 합니다(입력값: {text}).</translation>
    </message>
    <message>
        <source>{field} must be above {lo} and at most {hi} (you typed {text}).</source>
        <translation>{field} 값은 {lo}보다 크고 {hi} 이하여야 합니다(입력값: {text}).</translation>
    </message>
    <message>
        <source>{field} must be a whole number (you typed {text}).</source>
        <translation>{field} 값은 정수여야 합니다(입력값: {text}).</translation>
    </message>
</context>
<context>
    <name>Optimizers</name>
    <message>
        <source>Momentum</source>
        <translation>모멘텀</translation>
    </message>
</context>
<context>
    <name>OutputView</name>
    <message>
        <source>class</source>
        <extracomment>Point diameter in pixels at ``Theme().point == 1`` ... ... but never more than this share of the map&apos;s side (so points never cover the map), ... nor less than this. Width of the 1-D prediction curve at ``Theme().line == 1``; its outline adds this. Room around the data on each side, as a share of the data&apos;s span. 1-D regression: room above and below the targets, as a share of their span. The map&apos;s side (pixels) the view asks for, and the least it works with. Pixels between the map&apos;s axis and the key under it.</extracomment>
        <translation>클래스</translation>
    </message>
</context>
<context>
    <name>Pace</name>
    <message>
        <source>1 step/frame</source>
        <translation>프레임당 1단계</translation>
    </message>
    <message>
        <source>{n} steps/frame</source>
        <translation>프레임당 {n}단계</translation>
    </message>
    <message>
        <source>1 epoch/frame</source>
        <translation>프레임당 1에포크</translation>
    </message>
    <message>
        <source>{n} epochs/frame</source>
        <translation>프레임당 {n}에포크</translation>
    </message>
    <message>
        <source>max</source>
        <extracomment>Paces by name, slowest first, in the order the GUI lists them.</extracomment>
        <translation>최대</translation>
    </message>
</context>
<context>
    <name>Palette</name>
    <message>
        <source>Dense layer</source>
        <extracomment>Key of the Dense-layer chip; activation chips are ``&quot;act:&lt;name&gt;&quot;``.</extracomment>
        <translation>밀집층</translation>
    </message>
    <message>
        <source>Drag:</source>
        <translation>끌어 놓기:</translation>
    </message>
    <message>
        <source>Release to remove</source>
        <translation>놓으면 삭제</translation>
    </message>
    <message>
        <source>Trash</source>
        <translation>휴지통</translation>
    </message>
    <message>
        <source>Drag into a gap between columns to insert a hidden layer (4 neurons)</source>
        <translation>열 사이의 빈틈으로 끌어 놓으면 은닉층(뉴런 4개)을 추가합니다</translation>
    </message>
    <message>
        <source>{name}: f(z) = {formula}
Drag onto a layer to use it there</source>
        <translation>{name}: f(z) = {formula}
층 위에 끌어 놓으면 그 층에 적용됩니다</translation>
    </message>
    <message>
        <source>Drag a layer (by its header) or a neuron here to remove it</source>
        <translation>층(머리글을 잡고) 또는 뉴런을 여기로 끌어 놓으면 삭제됩니다</translation>
    </message>
</context>
<context>
    <name>PresentationController</name>
    <message>
        <source>&amp;Presentation mode</source>
        <translation>발표 모드(&amp;P)</translation>
    </message>
    <message>
        <source>Stage layout, large text and thick lines for the back row (F5)</source>
        <translation>무대 배치: 뒷줄에서도 보이는 큰 글자와 굵은 선 (F5)</translation>
    </message>
    <message>
        <source>Show the &amp;side panels</source>
        <translation>옆 패널 보이기(&amp;S)</translation>
    </message>
    <message>
        <source>In presentation mode: show or fold the data and hyper-parameter panels (F6)</source>
        <translation>발표 모드에서 데이터·하이퍼파라미터 패널을 펼치거나 접습니다 (F6)</translation>
    </message>
    <message>
        <source>&amp;Full screen</source>
        <translation>전체 화면(&amp;F)</translation>
    </message>
    <message>
        <source>Te&amp;xt size</source>
        <translation>글자 크기(&amp;X)</translation>
    </message>
    <message>
        <source>&amp;Larger text</source>
        <translation>글자 크게(&amp;L)</translation>
    </message>
    <message>
        <source>S&amp;maller text</source>
        <translation>글자 작게(&amp;M)</translation>
    </message>
    <message>
        <source>T&amp;heme</source>
        <translation>테마(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Window size</source>
        <translation>창 크기(&amp;W)</translation>
    </message>
</context>
<context>
    <name>RecordingAids</name>
    <message>
        <source>&amp;Recording aids</source>
        <translation>녹화 도우미(&amp;R)</translation>
    </message>
    <message>
        <source>Mouse &amp;ring</source>
        <translation>마우스 고리(&amp;R)</translation>
    </message>
    <message>
        <source>Show &amp;shortcuts</source>
        <translation>단축키 표시(&amp;S)</translation>
    </message>
    <message>
        <source>Lesson &amp;captions</source>
        <translation>수업 자막(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Next caption</source>
        <translation>다음 자막(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Previous caption</source>
        <translation>이전 자막(&amp;P)</translation>
    </message>
</context>
<context>
    <name>Recovery</name>
    <message>
        <source>Recover unsaved work</source>
        <extracomment>Autosave period while there is unsaved work (the issue&apos;s &quot;every 10 s&quot;). Environment variable overriding the period (ms), for tests. The undo-stack text of restoring an autosave (Edit &gt; Undo &quot;…&quot;): a translatable Message, so :class:`~nnsim.gui.commands.SetExperimentCommand` shows it in the UI language and :func:`~nnsim.gui.commands.retranslate_stack` follows a switch.</extracomment>
        <translation>저장하지 않은 작업 복구</translation>
    </message>
    <message>
        <source>{n} s ago</source>
        <translation>{n}초 전</translation>
    </message>
    <message>
        <source>{n} min ago</source>
        <translation>{n}분 전</translation>
    </message>
    <message>
        <source>dd MMM yyyy</source>
        <comment>Qt date format</comment>
        <translation>yyyy년 M월 d일</translation>
    </message>
    <message>
        <source>nnsim did not close normally last time, and there was unsaved work.

An automatic backup of {name} (step {step:,}) from {time} ({ago}) is available.

Recover it? (No deletes the backup.)</source>
        <translation>지난번에 nnsim이 정상적으로 닫히지 않았고, 저장하지 않은 작업이 있었습니다.

{time}({ago})에 저장된 {name}의 자동 백업(단계 {step:,})이 있습니다.

복구할까요? (아니요를 누르면 백업이 삭제됩니다.)</translation>
    </message>
    <message>
        <source>nnsim did not close normally last time, and there was unsaved work.

An automatic backup of an untitled experiment (step {step:,}) from {time} ({ago}) is available.

Recover it? (No deletes the backup.)</source>
        <translation>지난번에 nnsim이 정상적으로 닫히지 않았고, 저장하지 않은 작업이 있었습니다.

{time}({ago})에 저장된 제목 없는 실험의 자동 백업(단계 {step:,})이 있습니다.

복구할까요? (아니요를 누르면 백업이 삭제됩니다.)</translation>
    </message>
    <message>
        <source>it does not hold a JSON object</source>
        <extracomment>Longest document path a note may name (Linux&apos;s PATH_MAX); a longer one is damage. A note&apos;s time must lie between 2000-01-01 and a day from now (clocks drift a little); anything else (&quot;saved_at&quot;: 1e300, NaN, -1e18) is damage, not a time. What is wrong with a damaged note (problems of its fields name the field, which is a key of the file, so it stays untranslated inside the sentence).</extracomment>
        <translation>JSON 객체가 들어 있지 않습니다</translation>
    </message>
    <message>
        <source>its field {field} is not valid</source>
        <translation>{field} 항목이 올바르지 않습니다</translation>
    </message>
    <message>
        <source>The note saved beside this backup was damaged ({problem}) and has been removed; the backup itself is offered as it is.</source>
        <translation>이 백업 옆에 저장된 메모가 손상되어({problem}) 삭제했습니다. 백업 자체는 그대로 복구할 수 있습니다.</translation>
    </message>
    <message>
        <source>Recover unsaved work?</source>
        <translation>저장하지 않은 작업을 복구할까요?</translation>
    </message>
</context>
<context>
    <name>Regularization</name>
    <message>
        <source>none</source>
        <extracomment>Largest training step a document holds, and longest title (the autosave&apos;s note obeys the same bounds). Display labels of :data:`REGULARIZATIONS` (&quot;none&quot; is translatable; L1 and L2 are names).</extracomment>
        <translation>없음</translation>
    </message>
</context>
<context>
    <name>ResizeHandleItem</name>
    <message>
        <source>Drag down to add neurons, up to remove them</source>
        <translation>아래로 끌면 뉴런 추가, 위로 끌면 삭제</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <extracomment>Font scales offered in View &gt; Text size. The scale presentation mode starts with on a screen of 900 px or more; a 720p window starts at :data:`SMALL_PRESENT_SCALE` so the stage still fits. Window-size presets (client area): a 720p and a 1080p recording. Theme keys, in menu order (their names: :data:`nnsim.gui.theme.THEME_NAMES`). Widget classes whose platform theme may give them a font of their own (dock titles are drawn in &quot;QDockWidgetTitle&quot;&apos;s, not the dock&apos;s): scaled with the application font. Docks the stage layout folds away (the F6 toggle brings them back).</extracomment>
        <translation>단축키 목록</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>동작</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>키</translation>
    </message>
    <message>
        <source>What it does</source>
        <translation>설명</translation>
    </message>
</context>
<context>
    <name>SlideActions</name>
    <message>
        <source>&amp;Slide images…</source>
        <extracomment>The dialog while it is open (tests answer it). Asked before files are replaced: (folder, names) -&gt; replace? Tests swap it.</extracomment>
        <translation>슬라이드 이미지(&amp;S)…</translation>
    </message>
    <message>
        <source>One PNG per view at a slide&apos;s size, in the presentation theme</source>
        <translation>화면마다 슬라이드 크기의 PNG 한 장, 발표 테마로</translation>
    </message>
    <message>
        <source>Cannot write slide images</source>
        <translation>슬라이드 이미지를 저장할 수 없음</translation>
    </message>
    <message>
        <source>Choose a folder for the slide images.</source>
        <translation>슬라이드 이미지를 저장할 폴더를 고르세요.</translation>
    </message>
    <message>
        <source>The slide images could not be written to {folder}:</source>
        <translation>슬라이드 이미지를 {folder}에 저장하지 못했습니다:</translation>
    </message>
    <message>
        <source>Wrote {n} slide images to {folder}</source>
        <translation>슬라이드 이미지 {n}장을 {folder}에 저장했습니다</translation>
    </message>
    <message>
        <source>Replace slide images?</source>
        <translation>슬라이드 이미지를 바꿀까요?</translation>
    </message>
    <message>
        <source>{folder} already has {names}. Replace them?</source>
        <translation>{folder}에 이미 {names} 파일이 있습니다. 새 이미지로 바꿀까요?</translation>
    </message>
</context>
<context>
    <name>SlideDialog</name>
    <message>
        <source>Network view</source>
        <extracomment>The sizes offered, in pixels (width, height). Every slide is laid out at this size (logical pixels) and drawn at a higher device pixel ratio for larger slides. Text scale of the slides&apos; theme: presentation mode&apos;s on a large screen (a slide has the whole 720p screen to itself, where the stage shares it between four views). Room around the view on every side, in layout pixels. The main views, in slide order: key (of ``ExportViews.by_key``) -&gt; file name part and the name the dialog shows (context &quot;SlideDialog&quot;).</extracomment>
        <translation>신경망 그림</translation>
    </message>
    <message>
        <source>Output map</source>
        <translation>출력 그림</translation>
    </message>
    <message>
        <source>Loss plot</source>
        <translation>손실 그래프</translation>
    </message>
    <message>
        <source>Per-layer plot</source>
        <translation>층별 그래프</translation>
    </message>
    <message>
        <source>cannot encode {name}</source>
        <extracomment>Teaching views&apos; file name parts by dock key (their names are the docks&apos; titles).</extracomment>
        <translation>{name}을(를) PNG로 만들 수 없습니다</translation>
    </message>
    <message>
        <source>Slide images</source>
        <translation>슬라이드 이미지</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>폴더</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>크기</translation>
    </message>
    <message>
        <source>Views</source>
        <translation>화면</translation>
    </message>
    <message>
        <source>One PNG image per view, in the presentation theme, numbered in order (01-network.png …). Teaching views are listed while they are open.</source>
        <translation>화면마다 PNG 이미지 한 장을 발표 테마로 만들고 순서대로 번호를 붙입니다(01-network.png …). 수업용 화면은 열려 있을 때만 목록에 나옵니다.</translation>
    </message>
    <message>
        <source>Choose the folder</source>
        <translation>폴더 선택</translation>
    </message>
    <message>
        <source>Folder for the slides</source>
        <translation>슬라이드를 저장할 폴더</translation>
    </message>
</context>
<context>
    <name>TeachingDocks</name>
    <message>
        <source>Gradient bars</source>
        <extracomment>The teaching views, dock key (= lesson view name) -&gt; title (context &quot;TeachingDocks&quot;) and factory.</extracomment>
        <translation>기울기 막대</translation>
    </message>
    <message>
        <source>Activation</source>
        <translation>활성화 함수</translation>
    </message>
    <message>
        <source>Linear collapse</source>
        <translation>선형층 합치기</translation>
    </message>
    <message>
        <source>Composition lab</source>
        <translation>함수 합성 실험</translation>
    </message>
    <message>
        <source>Weight matrix</source>
        <translation>가중치 행렬</translation>
    </message>
    <message>
        <source>Walkthrough</source>
        <translation>계산 따라가기</translation>
    </message>
    <message>
        <source>Network</source>
        <extracomment>Lesson view names served by the main window&apos;s own docks, -&gt; their ``main_docks`` key. Titles of the lesson views that are not teaching docks (as the window names them).</extracomment>
        <translation>신경망</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>출력</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>손실</translation>
    </message>
    <message>
        <source>Per-layer statistics</source>
        <translation>층별 통계</translation>
    </message>
    <message>
        <source>Neuron inspector</source>
        <translation>뉴런 살펴보기</translation>
    </message>
    <message>
        <source>Lessons</source>
        <extracomment>Narrow charts that go under the right column when it shows a single view. A view in the bottom row gets at least this many pixels of width; when the row is full, showing another teaching view hides the one shown longest ago. A lesson was shown (its Lesson); the recording aids&apos; caption bar follows it. A lesson asked to compare its network with its run B (an Experiment); the window opens the compare window. The Lessons panel asked to open a lesson (a Lesson); the window opens it through its own entry point, which also resets its file name and title. The teaching views by key. A view is made when its dock is first shown or it is asked for here: most windows never open most of them, and making all six was 40 % of opening a window. Teaching docks in the order they were last shown (the row&apos;s oldest first).</extracomment>
        <translation>수업</translation>
    </message>
    <message>
        <source>Teaching views</source>
        <translation>수업용 화면</translation>
    </message>
    <message>
        <source>Cannot open lesson</source>
        <translation>수업을 열 수 없습니다</translation>
    </message>
    <message>
        <source>The lesson could not be opened:</source>
        <translation>수업을 열 수 없습니다:</translation>
    </message>
    <message>
        <source>Open lesson: {title}</source>
        <translation>수업 열기: {title}</translation>
    </message>
</context>
<context>
    <name>TeachingView</name>
    <message>
        <source>output</source>
        <translation>출력층</translation>
    </message>
    <message>
        <source>hidden {n}</source>
        <translation>은닉층 {n}</translation>
    </message>
</context>
<context>
    <name>Theme</name>
    <message>
        <source>&amp;Normal</source>
        <extracomment>Theme key -&gt; menu text (translated where the menu is built, context &quot;Theme&quot;).</extracomment>
        <translation>기본(&amp;N)</translation>
    </message>
    <message>
        <source>High contrast &amp;light</source>
        <translation>고대비 밝은 테마(&amp;L)</translation>
    </message>
    <message>
        <source>High contrast &amp;dark</source>
        <translation>고대비 어두운 테마(&amp;D)</translation>
    </message>
</context>
<context>
    <name>Trainer</name>
    <message>
        <source>Training diverged at step {step}: the weights loaded from the file are the cause, not the learning rate, as the loss is out of control with them from the start. They were kept as loaded; press Reset to start from new weights.</source>
        <extracomment>Healthy checkpoints a divergence can fall back on, besides the start of the run. A minibatch loss this many times the run&apos;s loss scale is an explosion. The scale is the largest of the loss at the start, the loss of an all-zero network (the targets&apos; own size) and 1, so a batch of one noisy sample, or a high but stable learning rate, stays orders of magnitude below it, while an explosion -- which multiplies the loss by many orders of magnitude within a few steps -- is caught long before it overflows to infinity (measured: Adam at lr 10 on the plane data peaks at 7e4 times the start and recovers; diverging runs pass 1e6 within 1-3 steps of leaving their scale). The parameters&apos; Euclidean norm past which they count as exploded, whatever the loss. Far past anything data can ask for (inputs and targets are at most 1e9 in size), but well before overflow: its square, what is checked, still fits a float64. Why a run diverged, as :attr:`DivergedError.cause` says it.</extracomment>
        <translation>{step}단계에서 학습이 발산했습니다: 원인은 학습률이 아니라 파일에서 불러온 가중치입니다. 이 가중치로는 처음부터 손실이 걷잡을 수 없이 큽니다. 가중치는 불러온 그대로 두었습니다. 초기화를 누르면 새 가중치로 시작합니다.</translation>
    </message>
    <message>
        <source>Training diverged at step {step}: the weights training started from are the cause, not the learning rate, as the loss is out of control with them from the start. They were kept; start from smaller weights, for example press Reset.</source>
        <translation>{step}단계에서 학습이 발산했습니다: 원인은 학습률이 아니라 학습을 시작한 가중치입니다. 이 가중치로는 처음부터 손실이 걷잡을 수 없이 큽니다. 가중치는 그대로 두었습니다. 더 작은 가중치로 시작하세요 (예: 초기화).</translation>
    </message>
    <message>
        <source>Training diverged at step {step}: the weights grew far too large. The weights were set back to those of step {kept}, whose training loss was no higher than at the start; lower the learning rate (now {lr:g}) and press Play to train on from there.</source>
        <translation>{step}단계에서 학습이 발산했습니다: 가중치가 지나치게 커졌습니다. 가중치를 {kept}단계의 값으로 되돌렸습니다 (그때 학습 손실은 처음보다 높지 않았습니다). 학습률을 낮추고 (지금 {lr:g}) 학습을 누르면 거기서부터 이어서 학습합니다.</translation>
    </message>
    <message>
        <source>Training diverged at step {step}: the loss shot up far above its value at the start. The weights were set back to those of step {kept}, whose training loss was no higher than at the start; lower the learning rate (now {lr:g}) and press Play to train on from there.</source>
        <translation>{step}단계에서 학습이 발산했습니다: 손실이 처음 값보다 훨씬 크게 치솟았습니다. 가중치를 {kept}단계의 값으로 되돌렸습니다 (그때 학습 손실은 처음보다 높지 않았습니다). 학습률을 낮추고 (지금 {lr:g}) 학습을 누르면 거기서부터 이어서 학습합니다.</translation>
    </message>
    <message>
        <source>Training diverged at step {step}: the weights became NaN or infinite. The weights were rolled back to their last finite values; try a smaller learning rate.</source>
        <translation>{step}단계에서 학습이 발산했습니다: 가중치가 NaN 또는 무한대가 되었습니다. 가중치를 마지막 유한한 값으로 되돌렸습니다. 학습률을 더 작게 해 보세요.</translation>
    </message>
    <message>
        <source>Training diverged at step {step}: the weights became NaN or infinite. The weights were rolled back to their last finite values; try a smaller learning rate (now {lr:g}).</source>
        <translation>{step}단계에서 학습이 발산했습니다: 가중치가 NaN 또는 무한대가 되었습니다. 가중치를 마지막 유한한 값으로 되돌렸습니다. 학습률을 더 작게 해 보세요 (지금 {lr:g}).</translation>
    </message>
    <message>
        <source>Training diverged at step {step}: the loss became NaN or infinite. The weights were rolled back to their last finite values; try a smaller learning rate.</source>
        <translation>{step}단계에서 학습이 발산했습니다: 손실이 NaN 또는 무한대가 되었습니다. 가중치를 마지막 유한한 값으로 되돌렸습니다. 학습률을 더 작게 해 보세요.</translation>
    </message>
    <message>
        <source>Training diverged at step {step}: the loss became NaN or infinite. The weights were rolled back to their last finite values; try a smaller learning rate (now {lr:g}).</source>
        <translation>{step}단계에서 학습이 발산했습니다: 손실이 NaN 또는 무한대가 되었습니다. 가중치를 마지막 유한한 값으로 되돌렸습니다. 학습률을 더 작게 해 보세요 (지금 {lr:g}).</translation>
    </message>
    <message>
        <source>the training set is empty; use more samples or a larger split</source>
        <extracomment>Stream id of the batch-order generators: ``default_rng([seed, BATCH_STREAM, epoch])``.</extracomment>
        <translation>학습 데이터가 비어 있습니다. 샘플 수나 학습 데이터 비율을 늘리세요.</translation>
    </message>
    <message>
        <source>Stopped after epoch {epoch}, as the stop condition asks.</source>
        <translation>정지 조건에 따라 에포크 {epoch}에서 멈췄습니다.</translation>
    </message>
    <message>
        <source>Stopped at step {step}: the test loss {loss:.4g} is below {limit:g}.</source>
        <translation>{step}단계에서 멈췄습니다: 테스트 손실 {loss:.4g}이(가) {limit:g}보다 작습니다.</translation>
    </message>
</context>
<context>
    <name>TrainingController</name>
    <message>
        <source> (signal {n})</source>
        <extracomment>Environment of the training process: single-threaded BLAS (see the module docstring). Restarts after which a worker that keeps dying is left dead (within RESTART_WINDOW_S). How long :meth:`TrainingController.shutdown` lets the worker end by itself (s). Dead workers not yet reaped: (worker, how it was replaced, step at death).</extracomment>
        <translation> (시그널 {n})</translation>
    </message>
    <message>
        <source> (exit code {n})</source>
        <translation> (종료 코드 {n})</translation>
    </message>
    <message>
        <source>The training process ended unexpectedly{how}; it was restarted at step {step} with the last weights and curves.</source>
        <translation>학습 프로세스가 예기치 않게 종료되었습니다{how}. 마지막 가중치와 곡선으로 {step}단계에서 다시 시작했습니다.</translation>
    </message>
    <message>
        <source>The training process ended unexpectedly{how} during an edit; it was restarted from the edited document.</source>
        <translation>편집 중에 학습 프로세스가 예기치 않게 종료되었습니다{how}. 편집된 문서에서 다시 시작했습니다.</translation>
    </message>
    <message>
        <source>The training process ended again{how} and was not restarted. Save your work and restart nnsim.</source>
        <translation>학습 프로세스가 또 종료되었습니다{how}. 더는 다시 시작하지 않으니 작업을 저장하고 nnsim을 다시 시작하세요.</translation>
    </message>
</context>
<context>
    <name>Walkthrough</name>
    <message>
        <source>output layer</source>
        <extracomment>Kinds of :class:`WalkStep`, in the order they occur.</extracomment>
        <translation>출력층</translation>
    </message>
    <message>
        <source>hidden layer {n}</source>
        <translation>은닉층 {n}</translation>
    </message>
    <message>
        <source>input {n}</source>
        <translation>입력 {n}</translation>
    </message>
    <message>
        <source>neuron {row} of hidden layer {i}</source>
        <translation>은닉층 {i}의 뉴런 {row}</translation>
    </message>
    <message>
        <source>the output layer</source>
        <translation>출력층</translation>
    </message>
    <message>
        <source>the link from {src} to neuron {col} of {dst}</source>
        <translation>{src} → {dst}의 뉴런 {col} 연결</translation>
    </message>
    <message>
        <source>Forward pass, {layer}: each neuron adds up its weighted inputs and its bias (z), then applies the activation f = {activation} (a). {equation}</source>
        <translation>순전파, {layer}: 각 뉴런이 입력의 가중합에 편향을 더해 z를 구하고, 활성화 함수(f = {activation})를 적용해 a를 구합니다. {equation}</translation>
    </message>
    <message>
        <source>Loss ({loss}): the output a = {output} against the target y = {target} gives {value}; with the regularisation penalty {penalty} the total is L = {total}.</source>
        <translation>손실({loss}): 목표값 y = {target}에 대한 출력 a = {output}의 손실은 {value}입니다. 정규화 항 {penalty}까지 더한 전체 손실은 L = {total}입니다.</translation>
    </message>
    <message>
        <source>Loss ({loss}): the output a = {output} against the target y = {target} gives {value}.</source>
        <translation>손실({loss}): 목표값 y = {target}에 대한 출력 a = {output}의 손실은 {value}입니다.</translation>
    </message>
    <message>
        <source>Backward pass, {layer}: dL/dz = {dL_dz} comes straight from the loss. Each link&apos;s gradient is dL/dw = (its input) × (dL/dz of its neuron) + the penalty&apos;s gradient; the largest, {largest}, is on {link}. dL/db = dL/dz.</source>
        <translation>역전파, {layer}: dL/dz는 손실에서 바로 나옵니다: dL/dz = {dL_dz}. 각 연결의 기울기는 dL/dw = (그 연결의 입력) × (도착 뉴런의 dL/dz) + 정규화 항의 기울기입니다. 기울기가 가장 큰 연결은 {link}이며, 그 값은 {largest}입니다. dL/db = dL/dz.</translation>
    </message>
    <message>
        <source>Backward pass, {layer}: dL/dz = {dL_dz} comes straight from the loss. Each link&apos;s gradient is dL/dw = (its input) × (dL/dz of its neuron); the largest, {largest}, is on {link}. dL/db = dL/dz.</source>
        <translation>역전파, {layer}: dL/dz는 손실에서 바로 나옵니다: dL/dz = {dL_dz}. 각 연결의 기울기는 dL/dw = (그 연결의 입력) × (도착 뉴런의 dL/dz)입니다. 기울기가 가장 큰 연결은 {link}이며, 그 값은 {largest}입니다. dL/db = dL/dz.</translation>
    </message>
    <message>
        <source>Backward pass, {layer}: dL/da = dL/dz(layer above)·Wᵀ = {dL_da}; dL/dz = dL/da × f′(z) = {dL_dz}. Each link&apos;s gradient is dL/dw = (its input) × (dL/dz of its neuron) + the penalty&apos;s gradient; the largest, {largest}, is on {link}. dL/db = dL/dz.</source>
        <translation>역전파, {layer}: dL/da = dL/dz(위층)·Wᵀ = {dL_da}; dL/dz = dL/da × f′(z) = {dL_dz}. 각 연결의 기울기는 dL/dw = (그 연결의 입력) × (도착 뉴런의 dL/dz) + 정규화 항의 기울기입니다. 기울기가 가장 큰 연결은 {link}이며, 그 값은 {largest}입니다. dL/db = dL/dz.</translation>
    </message>
    <message>
        <source>Backward pass, {layer}: dL/da = dL/dz(layer above)·Wᵀ = {dL_da}; dL/dz = dL/da × f′(z) = {dL_dz}. Each link&apos;s gradient is dL/dw = (its input) × (dL/dz of its neuron); the largest, {largest}, is on {link}. dL/db = dL/dz.</source>
        <translation>역전파, {layer}: dL/da = dL/dz(위층)·Wᵀ = {dL_da}; dL/dz = dL/da × f′(z) = {dL_dz}. 각 연결의 기울기는 dL/dw = (그 연결의 입력) × (도착 뉴런의 dL/dz)입니다. 기울기가 가장 큰 연결은 {link}이며, 그 값은 {largest}입니다. dL/db = dL/dz.</translation>
    </message>
    <message>
        <source>Gradient descent, {layer}: W ← W − lr·dL/dW and b ← b − lr·dL/db with lr = {lr}. The weight that changes most is on {link}: {change}.</source>
        <translation>경사하강법, {layer}: W ← W − lr·dL/dW, b ← b − lr·dL/db (학습률 lr = {lr}). 가장 크게 바뀌는 가중치는 {link}입니다: {change}.</translation>
    </message>
</context>
<context>
    <name>WalkthroughView</name>
    <message>
        <source>neuron</source>
        <extracomment>Columns of the per-layer neuron table (keys of :meth:`WalkthroughView.neuron_values`; the header shows them translated).</extracomment>
        <translation>뉴런</translation>
    </message>
    <message>
        <source>b → new b</source>
        <translation>b → 새 b</translation>
    </message>
    <message>
        <source>the weighted sum z = x·W + b</source>
        <translation>가중합 z = x·W + b</translation>
    </message>
    <message>
        <source>the neuron&apos;s output a = f(z)</source>
        <translation>뉴런의 출력 a = f(z)</translation>
    </message>
    <message>
        <source>the slope of the activation at z (backward pass)</source>
        <translation>z에서 활성화 함수의 기울기 (역전파)</translation>
    </message>
    <message>
        <source>how the loss changes with z: dL/dz = dL/da × f′(z); also dL/db</source>
        <translation>z가 바뀔 때 손실이 바뀌는 정도: dL/dz = dL/da × f′(z); dL/db와 같음</translation>
    </message>
    <message>
        <source>the bias before and after the gradient-descent step b ← b − lr·dL/db</source>
        <translation>경사하강법 한 단계 전후의 편향 b ← b − lr·dL/db</translation>
    </message>
    <message>
        <source>forward pass</source>
        <extracomment>What each kind of step does, for the position line.</extracomment>
        <translation>순전파</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>손실</translation>
    </message>
    <message>
        <source>backward pass</source>
        <translation>역전파</translation>
    </message>
    <message>
        <source>gradient descent</source>
        <translation>경사하강법</translation>
    </message>
    <message>
        <source>Sample</source>
        <translation>샘플</translation>
    </message>
    <message>
        <source>Which training sample to follow through the network</source>
        <translation>신경망을 따라갈 학습 샘플</translation>
    </message>
    <message>
        <source>◀ Previous</source>
        <translation>◀ 이전</translation>
    </message>
    <message>
        <source>Next ▶</source>
        <translation>다음 ▶</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>처음부터</translation>
    </message>
    <message>
        <source>follow training</source>
        <translation>학습 따라가기</translation>
    </message>
    <message>
        <source>On: the walkthrough uses the latest weights. Off: it keeps the weights it has, so the numbers stay put while training goes on.</source>
        <translation>켜면 최신 가중치로 계산합니다. 끄면 지금 가중치를 유지해서 학습이 계속되어도 숫자가 그대로입니다.</translation>
    </message>
    <message>
        <source>There are no training samples to follow.</source>
        <translation>따라갈 학습 샘플이 없습니다.</translation>
    </message>
    <message>
        <source>Sample {n} at ({point}) · {loss} · lr {lr} · one gradient-descent step on this sample alone (training itself uses batches of {batch}, {optimizer})</source>
        <translation>샘플 {n} ({point}) · {loss} · lr {lr} · 이 샘플 하나로 하는 경사하강법 한 단계 (실제 학습은 배치 크기 {batch}, {optimizer})</translation>
    </message>
    <message>
        <source>Sample {n} at ({point}) · {loss} · lr {lr} · exactly the trainer&apos;s next step (a batch of this one sample)</source>
        <translation>샘플 {n} ({point}) · {loss} · lr {lr} · 학습의 다음 단계와 똑같음 (이 샘플 하나로 된 배치)</translation>
    </message>
    <message>
        <source>output</source>
        <translation>출력층</translation>
    </message>
    <message>
        <source>hidden {n}</source>
        <translation>은닉층 {n}</translation>
    </message>
    <message>
        <source>Input x (1 feature)</source>
        <translation>입력 x (특성 1개)</translation>
    </message>
    <message>
        <source>Input x ({n} features)</source>
        <translation>입력 x (특성 {n}개)</translation>
    </message>
    <message>
        <source>Output · {activation}</source>
        <translation>출력층 · {activation}</translation>
    </message>
    <message>
        <source>Hidden {n} · {activation}</source>
        <translation>은닉층 {n} · {activation}</translation>
    </message>
    <message>
        <source>neuron {n}</source>
        <translation>뉴런 {n}</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>손실</translation>
    </message>
    <message>
        <source>target y{n}</source>
        <translation>목표값 y{n}</translation>
    </message>
    <message>
        <source>target y</source>
        <translation>목표값 y</translation>
    </message>
    <message>
        <source>Start (0 of {count})</source>
        <translation>시작 (0/{count})</translation>
    </message>
    <message>
        <source>The sample enters the network as x = [{x}] with target y = [{y}]. Press Next to start the forward pass.</source>
        <translation>샘플이 x = [{x}]로 신경망에 들어갑니다 (목표값 y = [{y}]). 다음을 눌러 순전파를 시작하세요.</translation>
    </message>
    <message>
        <source>Step {index} of {count}: {phase}</source>
        <translation>단계 {index}/{count}: {phase}</translation>
    </message>
    <message>
        <source>Step {index} of {count}: {phase}, {layer}</source>
        <translation>단계 {index}/{count}: {phase}, {layer}</translation>
    </message>
    <message>
        <source>W and b of {layer}: z = x·W + b (rows = inputs, columns = neurons)</source>
        <translation>{layer}의 W와 b: z = x·W + b (행 = 입력, 열 = 뉴런)</translation>
    </message>
    <message>
        <source>dL/dW of {layer}: each link&apos;s input × its neuron&apos;s dL/dz; last row dL/db</source>
        <translation>{layer}의 dL/dW: 각 연결의 입력 × 도착 뉴런의 dL/dz; 마지막 행은 dL/db</translation>
    </message>
    <message>
        <source>Update of {layer}: w ← w − lr·dL/dw (old → new)</source>
        <translation>{layer} 갱신: w ← w − lr·dL/dw (이전 → 새 값)</translation>
    </message>
    <message>
        <source>bias</source>
        <translation>편향</translation>
    </message>
    <message>
        <source>{source} → neuron {n}: {value}</source>
        <translation>{source} → 뉴런 {n}: {value}</translation>
    </message>
</context>
<context>
    <name>WeightsCanvas</name>
    <message>
        <source>W[{i},{j}] = {value}  (from {row} to new feature {col})</source>
        <translation>W[{i},{j}] = {value}  ({row}에서 새 특성 {col}로)</translation>
    </message>
    <message>
        <source>new feature {col}: click to select this neuron</source>
        <translation>새 특성 {col}: 클릭하면 이 뉴런을 선택합니다</translation>
    </message>
</context>
<context>
    <name>WeightsView</name>
    <message>
        <source>Layer</source>
        <translation>층</translation>
    </message>
    <message>
        <source>Sample</source>
        <translation>샘플</translation>
    </message>
    <message>
        <source>Which training sample x to multiply by W</source>
        <translation>W와 곱할 학습 샘플 x</translation>
    </message>
    <message>
        <source>W: {shape} · rows = inputs, columns = neurons</source>
        <translation>W: {shape} · 행 = 입력, 열 = 뉴런</translation>
    </message>
    <message>
        <source>W of {layer} ({shape}): a row per incoming feature, a column per new feature (neuron, {activation}). Column j of W is the recipe of new feature j.</source>
        <translation>{layer}의 W ({shape}): 들어오는 특성마다 한 행, 새 특성(뉴런, {activation})마다 한 열. W의 j번째 열은 새 특성 j를 만드는 방법입니다.</translation>
    </message>
    <message>
        <source>Column {n} of {layer}: {equation}</source>
        <translation>{layer}의 {n}번째 열: {equation}</translation>
    </message>
    <message>
        <source>x = {x} · W + b = z = {z},  f(z) = {a}.  Click a column to write its sum out.</source>
        <translation>x = {x} · W + b = z = {z},  f(z) = {a}.  열을 클릭하면 그 합을 항별로 풀어 씁니다.</translation>
    </message>
</context>
<context>
    <name>WidthButtonItem</name>
    <message>
        <source>Add a neuron</source>
        <translation>뉴런 추가</translation>
    </message>
    <message>
        <source>Remove the last neuron</source>
        <translation>마지막 뉴런 삭제</translation>
    </message>
</context>
</TS>
