<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR" sourcelanguage="en">
<context>
    <name>MainWindow</name>
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
        <source>&amp;Help</source>
        <translation>도움말(&amp;H)</translation>
    </message>
    <message>
        <source>Teaching views</source>
        <translation>수업용 화면</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>언어(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Recording aids</source>
        <translation>녹화 도우미(&amp;R)</translation>
    </message>
    <message>
        <source>Te&amp;xt size</source>
        <translation>글자 크기(&amp;X)</translation>
    </message>
    <message>
        <source>Show/hide &amp;controls</source>
        <translation>컨트롤 표시/숨기기(&amp;C)</translation>
    </message>
    <message>
        <source>T&amp;heme</source>
        <translation>테마(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Window size</source>
        <translation>창 크기(&amp;W)</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>학습</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>일시정지</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>한 단계</translation>
    </message>
    <message>
        <source>Epoch</source>
        <translation>한 에포크</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>초기화</translation>
    </message>
    <message>
        <source>Start or pause training (Space)</source>
        <translation>학습 시작 또는 일시정지 (Space)</translation>
    </message>
    <message>
        <source>Train one step (Right)</source>
        <translation>한 단계 학습 (→)</translation>
    </message>
    <message>
        <source>Train to the end of the epoch (Shift+Right)</source>
        <translation>이번 에포크 끝까지 학습 (Shift+→)</translation>
    </message>
    <message>
        <source>New weights from the same seed, step 0 (R)</source>
        <translation>같은 시드로 가중치를 새로 만들고 0단계로 (R)</translation>
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
        <source>&amp;Undo</source>
        <translation>실행 취소(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>다시 실행(&amp;R)</translation>
    </message>
    <message>
        <source>Export...</source>
        <translation>내보내기...</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>내보내기</translation>
    </message>
    <message>
        <source>Data &amp;&amp; features</source>
        <translation>데이터와 특성</translation>
    </message>
    <message>
        <source>Data &amp; features</source>
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
        <source>Gradient bars</source>
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
        <source>Lessons</source>
        <translation>수업</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>학습</translation>
    </message>
    <message>
        <source>Caption</source>
        <translation>자막</translation>
    </message>
    <message>
        <source> Speed </source>
        <translation> 속도 </translation>
    </message>
    <message>
        <source>max</source>
        <translation>최대</translation>
    </message>
    <message>
        <source>Training steps per display frame</source>
        <translation>화면 한 번 그릴 때마다 학습하는 단계 수</translation>
    </message>
    <message>
        <source>Show test data</source>
        <translation>테스트 데이터 보기</translation>
    </message>
    <message>
        <source>Discretize output</source>
        <translation>출력 이산화</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>학습률</translation>
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
        <translation>표본 수</translation>
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
        <source>Regenerate</source>
        <translation>다시 생성</translation>
    </message>
    <message>
        <source>Draw new data points (next data seed)</source>
        <translation>새 데이터 점 만들기 (다음 데이터 시드)</translation>
    </message>
    <message>
        <source>Neurons per layer, inputs to output</source>
        <translation>층마다 뉴런 수, 입력에서 출력까지</translation>
    </message>
    <message>
        <source>Neurons in every hidden layer (sets them all)</source>
        <translation>모든 은닉층의 뉴런 수 (한꺼번에 설정)</translation>
    </message>
    <message>
        <source>Momentum (β₁ for adam)</source>
        <translation>모멘텀 (adam의 β₁)</translation>
    </message>
    <message>
        <source>Seed of the initial weights (Reset draws the same ones again)</source>
        <translation>초기 가중치의 시드 (초기화하면 같은 가중치가 다시 나옵니다)</translation>
    </message>
    <message>
        <source>at epoch</source>
        <translation>에포크에서</translation>
    </message>
    <message>
        <source>test loss &lt;</source>
        <translation>테스트 손실 &lt;</translation>
    </message>
    <message>
        <source>Feed x₁ into the network</source>
        <translation>x₁을 신경망에 넣기</translation>
    </message>
    <message>
        <source>Feed x₂ into the network</source>
        <translation>x₂를 신경망에 넣기</translation>
    </message>
    <message>
        <source>Feed x₁² into the network</source>
        <translation>x₁²을 신경망에 넣기</translation>
    </message>
    <message>
        <source>Feed x₂² into the network</source>
        <translation>x₂²을 신경망에 넣기</translation>
    </message>
    <message>
        <source>Feed x₁x₂ into the network</source>
        <translation>x₁x₂를 신경망에 넣기</translation>
    </message>
    <message>
        <source>Feed sin(x₁) into the network</source>
        <translation>sin(x₁)을 신경망에 넣기</translation>
    </message>
    <message>
        <source>Feed sin(x₂) into the network</source>
        <translation>sin(x₂)를 신경망에 넣기</translation>
    </message>
    <message>
        <source>Click a neuron in the network to see what it computes.</source>
        <translation>신경망의 뉴런을 누르면 그 뉴런이 계산하는 값을 보여 줍니다.</translation>
    </message>
    <message>
        <source>Sample</source>
        <translation>표본</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>층</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>구간</translation>
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
        <source>Collapse into one layer</source>
        <translation>한 층으로 합치기</translation>
    </message>
    <message>
        <source>Replace the run by the single equivalent layer (undo with Ctrl+Z). The decision boundary does not change.</source>
        <translation>이 구간을 같은 일을 하는 한 층으로 바꿉니다 (Ctrl+Z로 취소). 결정 경계는 바뀌지 않습니다.</translation>
    </message>
    <message>
        <source>Add function</source>
        <translation>함수 추가</translation>
    </message>
    <message>
        <source>Chain one more linear function after the last one</source>
        <translation>마지막 함수 뒤에 선형 함수를 하나 더 잇기</translation>
    </message>
    <message>
        <source>Remove last</source>
        <translation>마지막 함수 빼기</translation>
    </message>
    <message>
        <source>Lecture example</source>
        <translation>강의 예제</translation>
    </message>
    <message>
        <source>Whatever the coefficients, the chain is again one linear function: stacking linear layers adds no power.</source>
        <translation>계수가 무엇이든 이어 붙인 결과는 다시 하나의 선형 함수입니다. 선형층을 쌓아도 표현력은 늘지 않습니다.</translation>
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
        <source>Open lesson</source>
        <translation>수업 열기</translation>
    </message>
    <message>
        <source>Open the selected lesson (undo with Ctrl+Z)</source>
        <translation>선택한 수업 열기 (Ctrl+Z로 취소)</translation>
    </message>
    <message>
        <source>One colour scale for data, neuron and weight values:
orange = negative / class 0, white = 0 / undecided, blue = positive / class 1.</source>
        <translation>데이터, 뉴런, 가중치 값에 같은 색 척도를 씁니다:
주황 = 음수 / 클래스 0, 흰색 = 0 / 미정, 파랑 = 양수 / 클래스 1.</translation>
    </message>
    <message>
        <source>The training sample fed through the network</source>
        <translation>신경망에 넣는 학습 표본</translation>
    </message>
    <message>
        <source>Which per-layer statistic to plot</source>
        <translation>그래프로 볼 층별 통계</translation>
    </message>
    <message>
        <source>Each bar: the norm of dL/dW of one layer, from one backward pass over the whole training set with the current weights (log scale).</source>
        <translation>막대 하나는 한 층의 dL/dW 크기입니다. 현재 가중치로 학습 데이터 전체에 대해 역전파 한 번을 한 값입니다 (로그 척도).</translation>
    </message>
    <message>
        <source>Which weight layer to show (hidden layers, then the output)</source>
        <translation>보여 줄 가중치 층 (은닉층, 그다음 출력층)</translation>
    </message>
    <message>
        <source>Runs of linear layers in this network</source>
        <translation>이 신경망에서 이어진 선형층 구간</translation>
    </message>
    <message>
        <source>Which training sample x to multiply by W</source>
        <translation>W를 곱할 학습 표본 x</translation>
    </message>
    <message>
        <source>Which training sample to follow through the network</source>
        <translation>신경망을 따라갈 학습 표본</translation>
    </message>
    <message>
        <source>&amp;Presentation mode</source>
        <translation>발표 모드(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Full screen</source>
        <translation>전체 화면(&amp;F)</translation>
    </message>
    <message>
        <source>Large text and thick lines for the back row (F5)</source>
        <translation>뒷자리에서도 보이도록 큰 글씨와 굵은 선 (F5)</translation>
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
        <source>&amp;Normal</source>
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
    <message>
        <source>Open a lesson to see its captions here.</source>
        <translation>수업을 열면 여기에 자막이 나옵니다.</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>단축키 목록(&amp;K)</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
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
    <message>
        <source>Open</source>
        <translation>열기</translation>
    </message>
    <message>
        <source>Save As</source>
        <translation>다른 이름으로 저장</translation>
    </message>
    <message>
        <source>Whole window as PNG…</source>
        <translation>창 전체를 PNG로…</translation>
    </message>
    <message>
        <source>Whole window as PNG</source>
        <translation>창 전체를 PNG로</translation>
    </message>
    <message>
        <source>Network view as PNG…</source>
        <translation>신경망 그림을 PNG로…</translation>
    </message>
    <message>
        <source>Network view as PNG</source>
        <translation>신경망 그림을 PNG로</translation>
    </message>
    <message>
        <source>Network view as SVG…</source>
        <translation>신경망 그림을 SVG로…</translation>
    </message>
    <message>
        <source>Network view as SVG</source>
        <translation>신경망 그림을 SVG로</translation>
    </message>
    <message>
        <source>Output view as PNG…</source>
        <translation>출력 그림을 PNG로…</translation>
    </message>
    <message>
        <source>Output view as PNG</source>
        <translation>출력 그림을 PNG로</translation>
    </message>
    <message>
        <source>Output view as SVG…</source>
        <translation>출력 그림을 SVG로…</translation>
    </message>
    <message>
        <source>Output view as SVG</source>
        <translation>출력 그림을 SVG로</translation>
    </message>
    <message>
        <source>Loss plot as PNG…</source>
        <translation>손실 그래프를 PNG로…</translation>
    </message>
    <message>
        <source>Loss plot as PNG</source>
        <translation>손실 그래프를 PNG로</translation>
    </message>
    <message>
        <source>Loss plot as SVG…</source>
        <translation>손실 그래프를 SVG로…</translation>
    </message>
    <message>
        <source>Loss plot as SVG</source>
        <translation>손실 그래프를 SVG로</translation>
    </message>
    <message>
        <source>Loss plot as CSV…</source>
        <translation>손실 그래프를 CSV로…</translation>
    </message>
    <message>
        <source>Loss plot as CSV</source>
        <translation>손실 그래프를 CSV로</translation>
    </message>
    <message>
        <source>Per-layer plot as PNG…</source>
        <translation>층별 그래프를 PNG로…</translation>
    </message>
    <message>
        <source>Per-layer plot as PNG</source>
        <translation>층별 그래프를 PNG로</translation>
    </message>
    <message>
        <source>Per-layer plot as SVG…</source>
        <translation>층별 그래프를 SVG로…</translation>
    </message>
    <message>
        <source>Per-layer plot as SVG</source>
        <translation>층별 그래프를 SVG로</translation>
    </message>
    <message>
        <source>Per-layer plot as CSV…</source>
        <translation>층별 그래프를 CSV로…</translation>
    </message>
    <message>
        <source>Per-layer plot as CSV</source>
        <translation>층별 그래프를 CSV로</translation>
    </message>
    <message>
        <source>Experiment as JSON (with weights)…</source>
        <translation>실험을 JSON으로 (가중치 포함)…</translation>
    </message>
    <message>
        <source>Experiment as JSON (with weights)</source>
        <translation>실험을 JSON으로 (가중치 포함)</translation>
    </message>
    <message>
        <source>Experiment as JSON (without weights)…</source>
        <translation>실험을 JSON으로 (가중치 없이)…</translation>
    </message>
    <message>
        <source>Experiment as JSON (without weights)</source>
        <translation>실험을 JSON으로 (가중치 없이)</translation>
    </message>
    <message>
        <source>Network as NumPy script…</source>
        <translation>신경망을 NumPy 스크립트로…</translation>
    </message>
    <message>
        <source>Network as NumPy script</source>
        <translation>신경망을 NumPy 스크립트로</translation>
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
        <source>&amp;Draw data points</source>
        <translation>데이터 점 그리기(&amp;D)</translation>
    </message>
    <message>
        <source>Draw data points</source>
        <translation>데이터 점 그리기</translation>
    </message>
    <message>
        <source>Left-click adds a point of the chosen class (keys 1-8), right-click removes one</source>
        <translation>왼쪽 클릭으로 선택한 클래스의 점을 더하고 (1-8 키), 오른쪽 클릭으로 지웁니다</translation>
    </message>
    <message>
        <source>Record clip…</source>
        <translation>화면 녹화…</translation>
    </message>
    <message>
        <source>Record clip</source>
        <translation>화면 녹화</translation>
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
        <source>The class of the next point (keys 1-8)</source>
        <translation>다음에 찍을 점의 클래스 (1-8 키)</translation>
    </message>
    <message>
        <source>Regression: the value of the next point</source>
        <translation>회귀: 다음에 찍을 점의 값</translation>
    </message>
    <message>
        <source>Class 1</source>
        <translation>클래스 1</translation>
    </message>
    <message>
        <source>Class 2</source>
        <translation>클래스 2</translation>
    </message>
    <message>
        <source>Class 3</source>
        <translation>클래스 3</translation>
    </message>
    <message>
        <source>Class 4</source>
        <translation>클래스 4</translation>
    </message>
    <message>
        <source>Class 5</source>
        <translation>클래스 5</translation>
    </message>
    <message>
        <source>Class 6</source>
        <translation>클래스 6</translation>
    </message>
    <message>
        <source>Class 7</source>
        <translation>클래스 7</translation>
    </message>
    <message>
        <source>Class 8</source>
        <translation>클래스 8</translation>
    </message>
    <message>
        <source>step {0}</source>
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
        <source>R² train {0} · test {1}</source>
        <translation>R² 학습 {0} · 테스트 {1}</translation>
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
        <source>paused</source>
        <translation>일시정지됨</translation>
    </message>
    <message>
        <source>Gradient</source>
        <translation>기울기</translation>
    </message>
    <message>
        <source>Activation function</source>
        <translation>활성화 함수</translation>
    </message>
    <message>
        <source>Features</source>
        <translation>특성</translation>
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
        <source>Drag:</source>
        <translation>끌어 놓기:</translation>
    </message>
    <message>
        <source>Dense layer</source>
        <translation>Dense 층</translation>
    </message>
    <message>
        <source>Trash</source>
        <translation>휴지통</translation>
    </message>
    <message>
        <source>Release to remove</source>
        <translation>놓으면 삭제</translation>
    </message>
    <message>
        <source>step</source>
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
    <message>
        <source>output</source>
        <translation>출력</translation>
    </message>
    <message>
        <source>layer {n}</source>
        <translation>층 {n}</translation>
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
    <message>
        <source>Gradient norm ‖dW‖₂</source>
        <translation>기울기 크기 ‖dW‖₂</translation>
    </message>
    <message>
        <source>Mean |activation|</source>
        <translation>평균 |활성값|</translation>
    </message>
    <message>
        <source>Dead ReLU units (%)</source>
        <translation>죽은 ReLU 유닛 (%)</translation>
    </message>
    <message>
        <source>Saturated activations (%)</source>
        <translation>포화된 활성값 (%)</translation>
    </message>
</context>
</TS>
